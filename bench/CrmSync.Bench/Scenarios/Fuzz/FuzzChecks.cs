using CrmSync.Abstractions;

namespace CrmSync.Bench.Scenarios.Fuzz;

/// <summary>What the system stored, read through its real interfaces: the Dataverse emulator's rows and the gateway's admin API.</summary>
public static class FuzzChecks
{
    /// <summary>
    /// Every trace of a marked record: a row with its id or with the marker in its name, or a record the admin API has
    /// seen. Empty when no refused request changed anything.
    /// </summary>
    public static async Task<List<string>> StoredFromRefusedAsync(SystemUnderTest system, FuzzMix mix)
    {
        var found = new List<string>();
        foreach (var (set, column) in new[] { (EmulatorClient.Accounts, "name"), (EmulatorClient.Contacts, "lastname") })
        {
            var named = await system.Dataverse.RowsAsync(set, $"contains({column},'{FuzzMix.Marker}')", $"msdyn_source_crm_id,{column}");
            found.AddRange(named.Select(row => $"{set} row '{row["msdyn_source_crm_id"]}' is named '{row[column]}'"));
        }

        var marked = mix.Marked().ToList();
        foreach (var (entity, id) in marked.Select(record => (record.Entity, record.Id)).Distinct())
        {
            var set = entity == Entities.Account ? EmulatorClient.Accounts : EmulatorClient.Contacts;
            var rows = await system.Dataverse.RowsAsync(set, $"msdyn_source_crm_id eq '{id}'", "msdyn_source_crm_id");
            found.AddRange(rows.Select(_ => $"{set} has a row for marked id '{id}'"));
        }

        using var admin = AdminClient(system);
        foreach (var (source, entity, id) in marked.Select(record => (record.Source.Source, record.Entity, record.Id)).Distinct())
        {
            var status = await RecordStatusAsync(admin, source, entity, id);
            if (status != HttpStatusCode.NotFound)
            {
                found.Add($"the admin API answers {(int)status} for marked record {source}/{entity}/{id}");
            }
        }

        return found;
    }

    /// <summary>How many of the records valid requests changed the admin API shows, of one per source and entity: the same look-up must find them.</summary>
    public static async Task<(int Checked, int Found)> ValidRecordsSeenAsync(SystemUnderTest system, FuzzLedger ledger)
    {
        using var admin = AdminClient(system);
        var found = 0;
        foreach (var ((source, entity), id) in ledger.Accepted)
        {
            found += await RecordStatusAsync(admin, source, entity, id) == HttpStatusCode.OK ? 1 : 0;
        }

        return (ledger.Accepted.Count, found);
    }

    private static HttpClient AdminClient(SystemUnderTest system) => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = system.GatewayUrl };

    private static async Task<HttpStatusCode> RecordStatusAsync(HttpClient admin, string source, string entity, string id)
    {
        using var response = await admin.GetAsync($"admin/records/{source}/{entity}/{Uri.EscapeDataString(id)}");
        return response.StatusCode;
    }
}
