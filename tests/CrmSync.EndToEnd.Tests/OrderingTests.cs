using System.Collections.Concurrent;

namespace CrmSync.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class OrderingTests
{
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
        var load = ShuffledLoad.Create(new Random(seed), accounts: 70, contacts: 30, versions: 8);
        var outcomes = new ConcurrentQueue<(GenericChange Change, string Outcome)>();
        var resends = 0;

        // Sixteen senders, each resending on anything but 2xx, as a CRM does.
        await Parallel.ForEachAsync(load.Requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (message, _) =>
        {
            var (response, attempts) = await _system.Webhooks.DeliverAsync(WebhookMessage.Of(message), TimeSpan.FromSeconds(60));
            Interlocked.Add(ref resends, attempts - 1);
            foreach (var (change, result) in message.Zip(response.Outcomes))
            {
                outcomes.Enqueue((change, result.Outcome));
            }
        });

        _output.WriteLine($"{load.Requests.Count} requests, {resends} resends; outcomes: {string.Join(", ", outcomes.CountBy(o => o.Outcome))}");
        Assert.Equal(load.Changes, outcomes.Count);
        Assert.Contains(outcomes, o => o.Outcome == "duplicate");
        Assert.Contains(outcomes, o => o.Outcome == "stale");
        Assert.DoesNotContain(outcomes.Where(o => o.Outcome == "accepted").CountBy(o => $"{o.Change.Id} v{o.Change.Version}"), accepted => accepted.Value > 1);
        await Eventually.MatchesAsync(
            () => load.DifferencesAsync(_system.Dataverse),
            differences => differences.Count == 0,
            "every row at its newest version",
            TimeSpan.FromSeconds(60),
            differences => string.Join("; ", differences.Take(10)));
        await _system.Dataverse.WaitUntilWritesSettleAsync();
        Assert.Empty(await load.DifferencesAsync(_system.Dataverse));
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
}
