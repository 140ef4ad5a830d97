using CrmSync.Testing;
using Orleans;
using Orleans.Runtime;
using static CrmSync.Grains.Tests.SyncJobs;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

/// <summary>A sync job reading an in-memory source into record grains that write to the Dataverse emulator.</summary>
public sealed class SyncJobTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task EveryRecordIsImportedOnceAndCountedWrittenOrParked()
    {
        // Every tenth name is too long for Dataverse, so those records are parked.
        var records = Accounts("All", 60).Select((change, i) => i % 10 == 9 ? change with { Fields = new() { ["name"] = TooLongName } } : change).ToList();
        _cluster.Crm.Serve(records);
        var job = _cluster.Job(Entities.Account);

        var started = await job.Start();
        var done = await job.WaitUntilSettledAsync();

        Assert.Equal((1, SyncJobState.Running), (started.Run, started.State));
        Assert.Equal((6L, 60L, 60L, 0L, 0L), (done.Pages, done.Read, done.Accepted, done.Stale, done.Duplicate));
        Assert.Equal((54L, 6L, (long?)60), (done.Written, done.Parked, done.Total));
        Assert.All(Enumerable.Range(1, 6), page => Assert.Equal(1, _cluster.Crm.ReadsOf(page)));
        Assert.Equal(6, _cluster.Crm.TotalReads);
        Assert.True(done.RatePerSecond > 0, $"rate {done.RatePerSecond}");
        Assert.Equal(0, done.EtaSeconds);
        Assert.NotNull(done.CompletedAt);
        Assert.Null(done.Error);
        Assert.Contains(SyncJobId.For(RecordCluster.Source, Entities.Account), await _cluster.Cluster.GrainFactory.GetGrain<ISyncJobRegistryGrain>(0).GetJobIds());
        for (var i = 0; i < 60; i++)
        {
            var row = await _cluster.RowAsync("accounts", Id("All", i));
            Assert.True(i % 10 == 9 ? row is null : row?["name"]?.GetValue<string>() == $"All {i}", $"row {Id("All", i)}: {row}");
        }
    }

    [Fact]
    public async Task RecordGrainsLeaveMemoryOnceTheirImportSettled()
    {
        _cluster.Crm.Serve(Accounts("Mem", 30));
        var job = _cluster.Job(Entities.Account);
        await job.Start();
        await job.WaitUntilSettledAsync();

        var type = _cluster.Record(Entities.Account, Id("Mem", 0)).GetGrainId().Type;
        var imported = Enumerable.Range(0, 30).Select(i => _cluster.Record(Entities.Account, Id("Mem", i)).GetGrainId()).ToHashSet();
        var management = _cluster.Cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        await Eventually.MatchesAsync(
            async () => (await management.GetActiveGrains(type)).Where(imported.Contains).ToList(),
            active => active.Count == 0,
            "the imported record grains to deactivate",
            TimeSpan.FromSeconds(15),
            active => $"{active.Count} still active, e.g. {active.FirstOrDefault()}");
    }

    [Fact]
    public async Task APageOlderThanAWebhookChangeDoesNotOverwriteIt()
    {
        var record = _cluster.Record(Entities.Account, "W-1");
        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert(Entities.Account, "W-1", 5, ("name", "\"From a webhook\""))));
        _cluster.Crm.Serve([
            Upsert(Entities.Account, "W-1", 2, ("name", "\"From an old page\"")),
            Upsert(Entities.Account, "W-2", 2, ("name", "\"Only in the page\"")),
        ]);
        var job = _cluster.Job(Entities.Account);

        await job.Start();
        var done = await job.WaitUntilSettledAsync();
        await _cluster.WaitUntilSettledAsync([record]);

        Assert.Equal((2L, 1L, 1L), (done.Read, done.Accepted, done.Stale));
        var snapshot = await record.GetSnapshot();
        Assert.Equal("\"From a webhook\"", snapshot.Fields["name"]);
        Assert.Equal(ChangeVersion.FromInteger(5), snapshot.Version);
        Assert.Equal("From a webhook", (await _cluster.RowAsync("accounts", "W-1"))?["name"]?.GetValue<string>());
        Assert.Equal("Only in the page", (await _cluster.RowAsync("accounts", "W-2"))?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task ACompletedJobStartsANewRunThatFindsTheRecordsDuplicate()
    {
        _cluster.Crm.Serve(Accounts("Again", 15));
        var job = _cluster.Job(Entities.Account);
        await job.Start();
        await job.WaitUntilSettledAsync();

        var second = await job.Start();
        var done = await job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((2, 0L), (second.Run, second.Read));
        Assert.Equal((2, 15L, 0L, 15L, 0L), (done.Run, done.Read, done.Accepted, done.Duplicate, done.Written));
    }

    [Fact]
    public async Task ReadingPausesWhileTooManyRecordsAreUnsettledButNotForEver()
    {
        // The test silo allows 25 unsettled records and waits at most 3 s for them; with Dataverse down none settle.
        await _cluster.StopEmulatorAsync();
        _cluster.Crm.Serve(Accounts("Slow", 60));
        var job = _cluster.Job(Entities.Account);

        await job.Start();
        await _cluster.Crm.WaitForReadsAsync(page: 4, reads: 1);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _cluster.Crm.ReadsOf(5));
        var paused = await job.GetStatus();
        Assert.Equal((3L, 30L, 0L), (paused.Pages, paused.Accepted, paused.Written));

        await _cluster.Crm.WaitForReadsAsync(page: 5, reads: 1);
        await _cluster.StartEmulatorAsync();
        var done = await job.WaitForAsync(status => status.State == SyncJobState.Completed && status.Written == 60, "every record to be written");
        Assert.Equal((6L, 60L, 60L), (done.Pages, done.Read, done.Accepted));
    }
}
