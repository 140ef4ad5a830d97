namespace CrmSync.Testing;

/// <summary>
/// A load as CRMs produce it at their worst: accounts and contacts, each with versions 1..<see cref="Versions"/>, every
/// change delivered twice, all shuffled, about a quarter of the requests carrying several changes. Afterwards each record
/// must have one row at its newest version (or none, when its newest version is a delete), every contact bound to its account.
/// </summary>
public sealed class ShuffledLoad
{
    private ShuffledLoad(string run, int versions, IReadOnlyList<string> accounts, IReadOnlyList<(string Id, string AccountId)> contacts, ISet<string> deleted, List<GenericChange[]> requests)
    {
        Run = run;
        Versions = versions;
        Accounts = accounts;
        Contacts = contacts;
        Deleted = deleted;
        Requests = requests;
    }

    /// <summary>The prefix of every source id in this load.</summary>
    public string Run { get; }

    public int Versions { get; }

    public IReadOnlyList<string> Accounts { get; }

    public IReadOnlyList<(string Id, string AccountId)> Contacts { get; }

    /// <summary>Records whose newest version is a delete.</summary>
    public ISet<string> Deleted { get; }

    /// <summary>The requests to send, each one or more changes.</summary>
    public IReadOnlyList<GenericChange[]> Requests { get; }

    public int Changes => Requests.Sum(request => request.Length);

    /// <summary>
    /// With <paramref name="deleteEvery"/> &gt; 0, every n-th contact and every n-th account that no contact references
    /// ends with a delete (an account's delete would take its contacts' rows with it, as in Dataverse).
    /// </summary>
    public static ShuffledLoad Create(Random random, int accounts, int contacts, int versions, int deleteEvery = 0)
    {
        var run = RecordIds.New("load");
        var accountIds = Enumerable.Range(0, accounts).Select(i => $"{run}-A{i:0000}").ToList();
        var contactIds = Enumerable.Range(0, contacts).Select(i => (Id: $"{run}-C{i:0000}", AccountId: accountIds[i % accounts])).ToList();
        var referenced = contactIds.Select(contact => contact.AccountId).ToHashSet();
        var deleted = deleteEvery <= 0
            ? new HashSet<string>()
            : accountIds.Where(id => !referenced.Contains(id)).Where((_, i) => i % deleteEvery == 0)
                .Concat(contactIds.Where((_, i) => i % deleteEvery == 0).Select(contact => contact.Id))
                .ToHashSet();

        var changes = Enumerable.Range(1, versions)
            .SelectMany(version =>
                accountIds.Select(id => version == versions && deleted.Contains(id)
                        ? GenericChange.Delete("account", id, version)
                        : GenericChange.Account(id, version, AccountFields(id, version)))
                    .Concat(contactIds.Select(contact => version == versions && deleted.Contains(contact.Id)
                        ? GenericChange.Delete("contact", contact.Id, version)
                        : GenericChange.Contact(contact.Id, version, contact.AccountId, ContactFields(contact.Id, version)))))
            .ToList();
        GenericChange[] deliveries = [.. changes, .. changes];
        random.Shuffle(deliveries);
        return new ShuffledLoad(run, versions, accountIds, contactIds, deleted, InRequests(deliveries, random));
    }

    /// <summary>How Dataverse differs from the expected end state; empty when it does not.</summary>
    public async Task<IReadOnlyList<string>> DifferencesAsync(EmulatorClient dataverse)
    {
        var accountRows = OnePerSourceId(await dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Accounts, Run), Accounts, out var differences);
        var contactRows = OnePerSourceId(await dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Contacts, Run), [.. Contacts.Select(contact => contact.Id)], out var contactDifferences);
        differences.AddRange(contactDifferences);
        foreach (var (id, row) in accountRows)
        {
            if ((string?)row["name"] != $"{id} v{Versions}" || (int?)row["numberofemployees"] != Versions)
            {
                differences.Add($"account {id} is at '{row["name"]}', {row["numberofemployees"]} employees");
            }
        }

        foreach (var (id, accountId) in Contacts.Where(contact => contactRows.ContainsKey(contact.Id)))
        {
            var row = contactRows[id];
            if ((string?)row["lastname"] != $"{id} v{Versions}")
            {
                differences.Add($"contact {id} is at '{row["lastname"]}'");
            }

            var boundTo = (string?)row["_parentcustomerid_value"];
            if (!accountRows.TryGetValue(accountId, out var account) || boundTo != (string?)account["accountid"])
            {
                differences.Add($"contact {id} is bound to {boundTo ?? "nothing"}, not to the row of account {accountId}");
            }
        }

        return differences;
    }

    private static object AccountFields(string id, int version) =>
        new { name = $"{id} v{version}", telephone1 = $"+1 555 {version:0000}", numberofemployees = version };

    private static object ContactFields(string id, int version) =>
        new { lastname = $"{id} v{version}", jobtitle = $"job of v{version}" };

    /// <summary>About a quarter of the requests carry 2 to 20 changes as an array; the rest one change each.</summary>
    private static List<GenericChange[]> InRequests(GenericChange[] deliveries, Random random)
    {
        var requests = new List<GenericChange[]>();
        for (var start = 0; start < deliveries.Length;)
        {
            var size = Math.Min(random.NextDouble() < 0.25 ? random.Next(2, 21) : 1, deliveries.Length - start);
            requests.Add(deliveries[start..(start + size)]);
            start += size;
        }

        return requests;
    }

    /// <summary>The first row of each expected live record; a duplicate, a missing row or a row that should be deleted is a difference.</summary>
    private Dictionary<string, JsonObject> OnePerSourceId(IReadOnlyList<JsonObject> rows, IReadOnlyList<string> ids, out List<string> differences)
    {
        var expected = ids.Where(id => !Deleted.Contains(id)).ToHashSet();
        var bySourceId = rows.GroupBy(row => (string)row["msdyn_source_crm_id"]!).ToDictionary(group => group.Key, group => group.ToList());
        differences = [.. bySourceId.Where(group => group.Value.Count > 1).Select(group => $"{group.Value.Count} rows for {group.Key}")];
        differences.AddRange(expected.Where(id => !bySourceId.ContainsKey(id)).Select(id => $"no row for {id}"));
        differences.AddRange(bySourceId.Keys.Where(Deleted.Contains).Select(id => $"a row for {id}, whose newest version is a delete"));
        differences.AddRange(bySourceId.Keys.Except(ids).Select(id => $"a row for {id}, which was never sent"));
        return bySourceId.Where(group => expected.Contains(group.Key)).ToDictionary(group => group.Key, group => group.Value[0]);
    }
}
