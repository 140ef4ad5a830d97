using System.Diagnostics;

namespace CrmSync.Cluster.Tests;

/// <summary>Silos on Redis, wired by the AppHost's cluster resources: webhooks become rows, and nothing is acknowledged that Redis did not store.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTests(RedisClusterFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] StoredOutcomes = ["accepted", "duplicate"];

    private CrmSyncSystem System => fixture.System;

    public Task InitializeAsync()
    {
        System.ShowOutputIn(output);
        return System.EnsureRunningAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [RedisFact]
    public async Task ASignedWebhookBecomesARowWithTheRecordsStateInRedis()
    {
        var id = RecordIds.New("A");

        var response = await System.Webhooks.SendAsync(GenericChange.Account(id, 1, new { name = "Contoso on Redis" }));

        Assert.Equal("accepted", response.Outcome);
        await System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "Contoso on Redis", "named 'Contoso on Redis'");
        Assert.False(File.Exists(Path.Combine(System.Options.DataDirectory, "silo.db")), "The silos kept state in SQLite, not in Redis.");
    }

    [RedisFact]
    public async Task EverySiloListsTheSameThreeActiveSilosInItsDiagnostics()
    {
        var lists = new List<IReadOnlyList<string>>();
        for (var silo = 0; silo < RedisClusterFixture.Silos; silo++)
        {
            using var client = new SiloClient(System.SiloUrlOf(silo));
            lists.Add(await Eventually.MatchesAsync(client.ActiveSilosAsync, active => active.Count == RedisClusterFixture.Silos, $"silo {silo} to list {RedisClusterFixture.Silos} active silos"));
        }

        Assert.Equal(RedisClusterFixture.Silos, lists.SelectMany(active => active).Distinct().Count());
    }

    [RedisFact]
    public async Task AWebhookWhileRedisIsDownGets503AndIsStoredWhenSentAgain()
    {
        var stored = RecordIds.New("A");
        var fresh = RecordIds.New("A");
        Assert.Equal("accepted", (await System.Webhooks.SendAsync(GenericChange.Account(stored, 1, new { name = "Before" }))).Outcome);
        var update = WebhookMessage.Of(GenericChange.Account(stored, 2, new { name = "After" }));
        var creation = WebhookMessage.Of(GenericChange.Account(fresh, 1, new { name = "Created" }));

        await System.StopAsync(CrmSyncResources.Redis);
        // The update twice: a record that took the change in memory must not call the resend a duplicate.
        var whileDown = new[] { await Send(update), await Send(update), await Send(creation) };
        await System.RestartAsync(CrmSyncResources.Redis);

        Assert.All(whileDown, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status));
        // "duplicate" is honest when a write the gateway gave up on reached Redis once it was back; the kill below
        // proves that such a change was stored, not merely held in memory.
        Assert.Contains((await System.Webhooks.DeliverAsync(update, Patience)).Response.Outcome, StoredOutcomes);
        Assert.Contains((await System.Webhooks.DeliverAsync(creation, Patience)).Response.Outcome, StoredOutcomes);
        for (var silo = 0; silo < RedisClusterFixture.Silos; silo++)
        {
            await System.KillAsync(CrmSyncResources.SiloName(silo));
        }

        await System.EnsureRunningAsync();
        Assert.Equal("duplicate", (await System.Webhooks.DeliverAsync(update, Patience)).Response.Outcome);
        Assert.Equal("duplicate", (await System.Webhooks.DeliverAsync(creation, Patience)).Response.Outcome);
        await System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, stored, row => (string?)row["name"] == "After", "named 'After'");
        await System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, fresh, row => (string?)row["name"] == "Created", "named 'Created'");
    }

    [RedisFact]
    public async Task TheRecordsOfAKilledSiloAreAcceptedAgainWithinSeconds()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => RecordIds.New("A")).ToList();
        foreach (var id in ids)
        {
            Assert.Equal("accepted", (await System.Webhooks.SendAsync(GenericChange.Account(id, 1, new { name = "Before" }))).Outcome);
        }

        await System.KillAsync(CrmSyncResources.SiloName(1));
        var sinceKill = Stopwatch.StartNew();
        var deliveries = await Task.WhenAll(ids.Select(id =>
            System.Webhooks.DeliverAsync(WebhookMessage.Of(GenericChange.Account(id, 2, new { name = "After" })), Patience)));
        var recovered = sinceKill.Elapsed;
        output.WriteLine($"All {ids.Count} records accepted again {recovered.TotalSeconds:0.0} s after the kill, in at most {deliveries.Max(delivery => delivery.Attempts)} sends.");

        // A send the gateway gave up on after its accept timeout may still have reached the record, so its resend is
        // honestly a duplicate; the rows checked below prove each change was stored.
        Assert.All(deliveries, delivery => Assert.Contains(delivery.Response.Outcome, StoredOutcomes));
        Assert.True(recovered < TimeSpan.FromSeconds(15), $"Recovery took {recovered.TotalSeconds:0.0} s.");
        foreach (var id in ids)
        {
            await System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "After", "named 'After'");
        }
    }

    private Task<WebhookResponse> Send(WebhookMessage message) => System.Webhooks.SendAsync(System.Webhooks.CreateRequest(message));
}
