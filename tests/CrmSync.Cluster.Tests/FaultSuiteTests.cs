namespace CrmSync.Cluster.Tests;

/// <summary>
/// Three silos on Redis and the gateway under a shuffled, duplicated load from senders that resend as CRMs do, while a
/// silo is killed, another restarted, Redis restarted and Dataverse out: afterwards every acknowledged change is in
/// Dataverse at its record's newest version, with one row per record (I1-I6).
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class FaultSuiteTests(RedisClusterFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan KillRecoveryLimit = TimeSpan.FromSeconds(15);

    // Issue 14's targets are about 1 s (measured 0.1-0.6 s after the declaration, and 0 s of refusals on a return); the
    // limits leave room for a loaded CI machine and still catch a return of the storms of several seconds.
    private static readonly TimeSpan AfterDeathLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReturnRefusalLimit = TimeSpan.FromSeconds(3);

    private CrmSyncSystem System => fixture.System;

    public Task InitializeAsync()
    {
        System.ShowOutputIn(output);
        return System.EnsureRunningAsync();
    }

    public Task DisposeAsync() => System.EnsureRunningAsync();

    [RedisFact]
    public async Task EveryAcknowledgedChangeReachesDataverseAtItsNewestVersionThroughKillsRestartsAndOutages()
    {
        var seed = Random.Shared.Next();
        var load = ShuffledLoad.Create(new Random(seed), accounts: 300, contacts: 200, versions: 6, deleteEvery: 10);
        output.WriteLine($"Shuffle seed {seed}: {load.Changes} changes of {load.Accounts.Count + load.Contacts.Count} records in {load.Requests.Count} requests.");
        // The Dataverse outage refuses no webhook, so it follows silo-1's return: whatever the return still refuses is its own.
        var driver = new LoadDriver(System, load, senders: 16)
            .WithFault("SIGKILL silo-1 until declared dead", 0.1, KillUntilDeclaredDeadAsync)
            .WithFault("restart silo-2", 0.25, () => System.RestartAsync(CrmSyncResources.SiloName(1)))
            .WithFault("silo-1 back", 0.4, () => System.RestartAsync(CrmSyncResources.SiloName(0)))
            .WithFault("Dataverse out for 5 s", 0.55, DataverseOutageAsync)
            .WithFault("restart redis", 0.7, RestartRedisAsync);

        await driver.RunAsync();

        var reports = driver.Reports();
        output.WriteLine($"Load acknowledged in {driver.Elapsed.TotalSeconds:0.0} s with {driver.Resends} resends.");
        foreach (var report in reports)
        {
            output.WriteLine(report.ToString());
        }

        await Eventually.MatchesAsync(
            () => load.DifferencesAsync(System.Dataverse),
            differences => differences.Count == 0,
            "every row at its newest version, one per record",
            TimeSpan.FromMinutes(2),
            differences => $"{differences.Count} differences: {string.Join("; ", differences.Take(10))}");
        await System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(await load.DifferencesAsync(System.Dataverse));
        Assert.True(reports[0].Recovery < KillRecoveryLimit, $"After the kill, webhooks failed for {reports[0].Recovery.TotalSeconds:0.0} s.");
        Assert.True(reports[0].Slowest < KillRecoveryLimit, $"After the kill, a webhook waited {reports[0].Slowest.TotalSeconds:0.0} s for its answer.");
        Assert.True(reports[0].RecoveryAfterEnd < AfterDeathLimit, $"Webhooks were refused until {reports[0].RecoveryAfterEnd.TotalSeconds:0.0} s after silo-1 was declared dead.");
        foreach (var back in reports.Where(report => report.Name is "restart silo-2" or "silo-1 back"))
        {
            Assert.True(back.Refusing < ReturnRefusalLimit, $"{back.Name}: webhooks were refused for {back.Refusing.TotalSeconds:0.0} s.");
        }
    }

    /// <summary>
    /// SIGKILL of silo-1; the fault lasts until silo-2 no longer lists it as active, so that the report shows how long
    /// after the death was declared webhooks were still refused.
    /// </summary>
    private async Task KillUntilDeclaredDeadAsync()
    {
        await System.KillAsync(CrmSyncResources.SiloName(0));
        using var survivor = new SiloClient(System.SiloUrlOf(1));
        await Eventually.MatchesAsync(survivor.ActiveSilosAsync, active => active.Count == RedisClusterFixture.Silos - 1, "silo-1 declared dead", TimeSpan.FromMinutes(1), active => string.Join(", ", active), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Dataverse answers 503 to everything for five seconds; the fault lasts as long, so the load runs through it.</summary>
    private async Task DataverseOutageAsync()
    {
        var length = TimeSpan.FromSeconds(5);
        await System.Dataverse.StartOutageAsync(length);
        await Task.Delay(length);
    }

    /// <summary>Redis stops, stays down for two seconds, and comes back with its append-only file.</summary>
    private async Task RestartRedisAsync()
    {
        await System.StopAsync(CrmSyncResources.Redis);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await System.RestartAsync(CrmSyncResources.Redis);
    }
}
