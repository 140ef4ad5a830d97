using System.Collections.Concurrent;

namespace CrmSync.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class OrderingTests
{
    private const int Versions = 8;

    private readonly CrmSyncSystem _system;
    private readonly ITestOutputHelper _output;

    public OrderingTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _output = output;
        _system.ShowOutputIn(output);
    }

    [Fact]
    public async Task ShuffledDuplicatedConcurrentDeliveriesEndWithEveryRowAtItsNewestVersion()
    {
        var seed = Random.Shared.Next();
        _output.WriteLine($"Shuffle seed: {seed}");
        var random = new Random(seed);
        var run = RecordIds.New("load");
        var accounts = Enumerable.Range(0, 70).Select(i => $"{run}-A{i:00}").ToList();
        var contacts = Enumerable.Range(0, 30).Select(i => (Id: $"{run}-C{i:00}", AccountId: accounts[i])).ToList();
        var changes = Enumerable.Range(1, Versions)
            .SelectMany(version => accounts.Select(id => GenericChange.Account(id, version, AccountFields(id, version)))
                .Concat(contacts.Select(contact => GenericChange.Contact(contact.Id, version, contact.AccountId, ContactFields(contact.Id, version)))))
            .ToList();
        GenericChange[] deliveries = [.. changes, .. changes];
        random.Shuffle(deliveries);
        var messages = InRequests(deliveries, random);
        var outcomes = new ConcurrentQueue<(GenericChange Change, string Outcome)>();
        var resends = 0;

        // Sixteen senders, each resending on anything but 2xx, as a CRM does.
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (message, _) =>
        {
            var (response, attempts) = await _system.Webhooks.DeliverAsync(WebhookMessage.Of(message), TimeSpan.FromSeconds(60));
            Interlocked.Add(ref resends, attempts - 1);
            foreach (var (change, result) in message.Zip(response.Outcomes))
            {
                outcomes.Enqueue((change, result.Outcome));
            }
        });

        _output.WriteLine($"{messages.Count} requests, {resends} resends; outcomes: {string.Join(", ", outcomes.CountBy(o => o.Outcome))}");
        Assert.Equal(deliveries.Length, outcomes.Count);
        Assert.Contains(outcomes, o => o.Outcome == "duplicate");
        Assert.Contains(outcomes, o => o.Outcome == "stale");
        Assert.DoesNotContain(outcomes.Where(o => o.Outcome == "accepted").CountBy(o => $"{o.Change.Id} v{o.Change.Version}"), accepted => accepted.Value > 1);
        await Eventually.MatchesAsync(
            () => RowsAsync(run),
            rows => Differences(rows, accounts, contacts).Count == 0,
            "every row at its newest version",
            TimeSpan.FromSeconds(60),
            rows => string.Join("; ", Differences(rows, accounts, contacts).Take(10)));
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Empty(Differences(await RowsAsync(run), accounts, contacts));
    }

    [Fact]
    public async Task PartialChangesArrivingOutOfOrderConvergePerField()
    {
        var id = RecordIds.New("A");
        var v1 = GenericChange.Account(id, 1, new { name = "name of v1", telephone1 = "phone of v1" });
        var v2 = GenericChange.Account(id, 2, new { name = "name of v2" });
        var v3 = GenericChange.Account(id, 3, new { telephone1 = "phone of v3" });

        var outcomes = new List<string>();
        foreach (var change in new[] { v3, v1, v2 })
        {
            outcomes.Add((await _system.Webhooks.SendAsync(change)).Outcome);
        }

        Assert.Equal(["accepted", "accepted", "accepted"], outcomes);
        await _system.Dataverse.WaitForRowAsync(
            EmulatorClient.Accounts, id, row => (string?)row["name"] == "name of v2" && (string?)row["telephone1"] == "phone of v3", "with v2's name and v3's phone");
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        var row = await _system.Dataverse.RowAsync(EmulatorClient.Accounts, id);
        Assert.Equal("name of v2", (string?)row?["name"]);
        Assert.Equal("phone of v3", (string?)row?["telephone1"]);
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

    private async Task<(IReadOnlyList<JsonObject> Accounts, IReadOnlyList<JsonObject> Contacts)> RowsAsync(string run) =>
        (await _system.Dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Accounts, run),
         await _system.Dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Contacts, run));

    /// <summary>How the rows differ from one row per record at its newest version, each contact bound to its account; empty when they do not.</summary>
    private static List<string> Differences(
        (IReadOnlyList<JsonObject> Accounts, IReadOnlyList<JsonObject> Contacts) rows,
        IReadOnlyList<string> accounts,
        IReadOnlyList<(string Id, string AccountId)> contacts)
    {
        var differences = new List<string>();
        var accountRows = OnePerSourceId(rows.Accounts, accounts, differences);
        var contactRows = OnePerSourceId(rows.Contacts, contacts.Select(contact => contact.Id).ToList(), differences);
        foreach (var (id, row) in accountRows)
        {
            if ((string?)row["name"] != $"{id} v{Versions}" || (int?)row["numberofemployees"] != Versions)
            {
                differences.Add($"account {id} is at '{row["name"]}', {row["numberofemployees"]} employees");
            }
        }

        foreach (var (id, accountId) in contacts.Where(contact => contactRows.ContainsKey(contact.Id)))
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

    private static Dictionary<string, JsonObject> OnePerSourceId(IReadOnlyList<JsonObject> rows, IReadOnlyList<string> expectedIds, List<string> differences)
    {
        var bySourceId = rows.GroupBy(row => (string)row["msdyn_source_crm_id"]!).ToDictionary(group => group.Key, group => group.ToList());
        differences.AddRange(bySourceId.Where(group => group.Value.Count > 1).Select(group => $"{group.Value.Count} rows for {group.Key}"));
        differences.AddRange(expectedIds.Where(id => !bySourceId.ContainsKey(id)).Select(id => $"no row for {id}"));
        differences.AddRange(bySourceId.Keys.Except(expectedIds).Select(id => $"a row for {id}, which was never sent"));
        return bySourceId.ToDictionary(group => group.Key, group => group.Value[0]);
    }
}
