using Orleans;
using Orleans.Runtime;
using static CrmSync.Grains.Tests.SyncJobs;

namespace CrmSync.Grains.Tests;

/// <summary>A sync job that is deactivated, killed with its silo, cancelled or refused by its source, and resumes.</summary>
public sealed class SyncJobRecoveryTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private ISyncJobGrain Job => _cluster.Job(Entities.Account);

    [Fact]
    public async Task DeactivatedMidRunTheJobWakesOnItsReminderAndResumesFromItsCheckpoint()
    {
        _cluster.Crm.Serve(Accounts("Deact", 100));
        var hold = _cluster.Crm.Hold(4);
        await Job.Start();
        await hold.Reached;
        await Job.WaitForAsync(status => status.Pages == 3, "the checkpoint after page 3");

        await _cluster.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).DeactivateGrain(Job.GetGrainId());
        _cluster.Crm.Release(4);
        // Nothing calls the job here: only its reminder can wake it.
        await _cluster.Crm.WaitForReadsAsync(page: 4, reads: 2);
        var done = await Job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((1, 10L, 100L, 100L, 0L), (done.Run, done.Pages, done.Read, done.Accepted, done.Duplicate));
        Assert.Equal(11, _cluster.Crm.TotalReads);
    }

    [Fact]
    public async Task AfterASiloCrashTheJobResumesReimportingAtMostThePageInHand()
    {
        _cluster.Crm.Serve(Accounts("Crash", 100));
        var hold = _cluster.Crm.Hold(4);
        await Job.Start();
        await hold.Reached;
        await Job.WaitForAsync(status => status.Pages == 3, "the checkpoint after page 3");

        await _cluster.KillSiloAsync();
        _cluster.Crm.StopHolding(4);
        await _cluster.StartSiloAsync();
        await _cluster.Crm.WaitForReadsAsync(page: 4, reads: 2);
        var done = await Job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((1, 10L, 100L, 100L), (done.Run, done.Pages, done.Read, done.Accepted));
        Assert.True(done.Duplicate <= _cluster.Crm.PageSize, $"{done.Duplicate} records imported again");
        Assert.True(_cluster.Crm.TotalReads <= _cluster.Crm.Pages + 2, $"{_cluster.Crm.TotalReads} reads of {_cluster.Crm.Pages} pages");
    }

    [Fact]
    public async Task CancelStopsReadingAndStartResumesFromTheCheckpoint()
    {
        _cluster.Crm.Serve(Accounts("Cancel", 100));
        var hold = _cluster.Crm.Hold(3);
        await Job.Start();
        await hold.Reached;
        await Job.WaitForAsync(status => status.Pages == 2, "the checkpoint after page 2");

        var cancelled = await Job.Cancel();
        _cluster.Crm.Release(3);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Equal(SyncJobState.Cancelled, cancelled.State);
        Assert.Equal(0, _cluster.Crm.ReadsOf(4));
        Assert.Equal((SyncJobState.Cancelled, 2L), ((await Job.GetStatus()).State, (await Job.GetStatus()).Pages));

        var resumed = await Job.Start();
        var done = await Job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((1, SyncJobState.Running, 2L), (resumed.Run, resumed.State, resumed.Pages));
        Assert.Equal((1, 10L, 100L, 100L, 0L), (done.Run, done.Pages, done.Read, done.Accepted, done.Duplicate));
        Assert.Equal(2, _cluster.Crm.ReadsOf(3));
    }

    [Fact]
    public async Task SourceReadExceptionFailsTheJobWithItsMessageAndStartResumes()
    {
        const string Refusal = "The CRM answered 401 Unauthorized; check CrmSync:Sources:generic:Auth.";
        _cluster.Crm.Serve(Accounts("Refused", 30));
        _cluster.Crm.Fail(2, new SourceReadException(Refusal));

        await Job.Start();
        var failed = await Job.WaitUntilAsync(SyncJobState.Failed);

        Assert.Equal((Refusal, 1L, 10L), (failed.Error, failed.Pages, failed.Read));
        Assert.Equal(1, _cluster.Crm.ReadsOf(2));

        _cluster.Crm.StopFailing(2);
        var resumed = await Job.Start();
        var done = await Job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((1, SyncJobState.Running, (string?)null), (resumed.Run, resumed.State, resumed.Error));
        Assert.Equal((1, 30L, 30L, 0L, (string?)null), (done.Run, done.Read, done.Accepted, done.Duplicate, done.Error));
    }

    [Fact]
    public async Task ReadErrorsAreRetriedAndFailTheJobOnlyWhenTheyPersist()
    {
        _cluster.Crm.Serve(Accounts("Flaky", 30));
        _cluster.Crm.Fail(2, new HttpRequestException("Connection reset by peer"), times: 2);
        await Job.Start();
        var done = await Job.WaitUntilAsync(SyncJobState.Completed);

        Assert.Equal((30L, 30L), (done.Read, done.Accepted));
        Assert.Equal(3, _cluster.Crm.ReadsOf(2));

        _cluster.Crm.Fail(1, new HttpRequestException("Connection refused (crm.example:443)"));
        await Job.Start();
        var failed = await Job.WaitUntilAsync(SyncJobState.Failed);

        Assert.Equal(2, failed.Run);
        Assert.Equal("Reading page 1 from source 'generic' failed 3 times (Connection refused (crm.example:443)); start the job again to resume from that page.", failed.Error);
        Assert.Equal(4, _cluster.Crm.ReadsOf(1));
    }
}
