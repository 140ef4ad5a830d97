namespace CrmSync.InitialSync.Tests.Support;

/// <summary>
/// Compares Dataverse with the CRM after an import: one row per source record, with its name, and each contact bound
/// to its account's row, or to none when it has no account.
/// </summary>
public static class ImportCheck
{
    public static async Task<IReadOnlyList<string>> DifferencesAsync(EmulatorClient dataverse, CrmClient crm)
    {
        var differences = new List<string>();
        var accounts = await crm.AllAsync("accounts");
        var contacts = await crm.AllAsync("contacts");
        var accountRows = OnePerSourceId(await dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Accounts, "A"), accounts, differences);
        var contactRows = OnePerSourceId(await dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Contacts, "C"), contacts, differences);

        foreach (var account in accounts.Where(account => accountRows.ContainsKey(account.Id)))
        {
            if ((string?)accountRows[account.Id]["name"] != account.Name)
            {
                differences.Add($"account {account.Id} is named '{accountRows[account.Id]["name"]}', not '{account.Name}'");
            }
        }

        foreach (var contact in contacts.Where(contact => contactRows.ContainsKey(contact.Id)))
        {
            var row = contactRows[contact.Id];
            var boundTo = (string?)row["_parentcustomerid_value"];
            var expected = contact.AccountId is null ? null : (string?)accountRows.GetValueOrDefault(contact.AccountId)?["accountid"];
            if ((string?)row["lastname"] != contact.LastName || boundTo != expected)
            {
                differences.Add($"contact {contact.Id} is '{row["lastname"]}' bound to {boundTo ?? "nothing"}, not '{contact.LastName}' bound to the row of {contact.AccountId ?? "no account"}");
            }
        }

        return differences;
    }

    private static Dictionary<string, JsonObject> OnePerSourceId(IReadOnlyList<JsonObject> rows, IReadOnlyList<CrmRecord> records, List<string> differences)
    {
        var bySourceId = rows.GroupBy(row => (string)row["msdyn_source_crm_id"]!).ToDictionary(group => group.Key, group => group.ToList());
        differences.AddRange(bySourceId.Where(group => group.Value.Count > 1).Select(group => $"{group.Value.Count} rows for {group.Key}"));
        differences.AddRange(records.Where(record => !bySourceId.ContainsKey(record.Id)).Select(record => $"no row for {record.Id}"));
        return bySourceId.ToDictionary(group => group.Key, group => group.Value[0]);
    }
}
