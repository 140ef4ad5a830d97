using CrmSync.Testing;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

/// <summary>
/// Orleans' default directory allows a short-lived second activation of a grain while silos leave and join. Storage's
/// etag refuses the older activation's state, but its Dataverse writes are already out: these tests pin that the record
/// still ends with its newest acknowledged state in Dataverse (I1).
/// </summary>
public sealed class DuplicateActivationTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AnOlderStateADuplicateActivationWroteLastIsWrittenOverWithTheNewest()
    {
        const string id = "Dup-1";
        var older = _cluster.Record(Entities.Account, id);
        await using var duplicate = await SupersedeAsync(older, id, TimeSpan.FromSeconds(2),
            () => older.Accept(Upsert(Entities.Account, id, 2, ("name", "\"v2\""))).AsTask());

        // The first activation's writes land after it: v1, held by the slow Dataverse, then v2 over v3.
        await Eventually.MatchesAsync(() => _cluster.RowAsync("accounts", id), row => (string?)row?["name"] == "v2", "the older activation's v2 to reach Dataverse last");
        await WaitForStatusAsync(older, RecordStatus.Written);

        // Storing its written revision, the first activation finds it was superseded.
        await _cluster.DeactivateIdleGrainsAsync();

        await Eventually.MatchesAsync(
            () => _cluster.RowAsync("accounts", id),
            row => (string?)row?["name"] == "v3",
            "the newest acknowledged state, v3, written again over the older activation's v2",
            TimeSpan.FromSeconds(20),
            row => $"the row holds {(string?)row?["name"]}");
    }

    [Fact]
    public async Task ADuplicateThatLearnsItWasSupersededWhileItsWriteIsOutHasTheNewestWrittenAfterThatWriteLands()
    {
        const string id = "Dup-2";
        var older = _cluster.Record(Entities.Account, id);
        await using var duplicate = await SupersedeAsync(older, id, TimeSpan.FromSeconds(3), () => Task.CompletedTask);
        var writtenWithV3 = await _cluster.RecordsWrittenAsync();

        // The next change the first activation takes is refused by storage (not acknowledged), while its v1 is still out.
        await Assert.ThrowsAsync<InconsistentStateException>(async () => await older.Accept(Upsert(Entities.Account, id, 4, ("name", "\"v4\""))));
        await Eventually.MatchesAsync(_cluster.RecordsWrittenAsync, written => written > writtenWithV3, "the first activation's v1 to land, after v3");

        await Eventually.MatchesAsync(
            () => _cluster.RowAsync("accounts", id),
            row => (string?)row?["name"] == "v3",
            "the newest acknowledged state, v3, written again once the superseded activation's v1 landed",
            TimeSpan.FromSeconds(20),
            row => $"the row holds {(string?)row?["name"]}");
    }

    /// <summary>
    /// The first silo's activation accepts v1 while Dataverse holds its write for <paramref name="held"/>, and does
    /// <paramref name="meanwhile"/>; then a second silo's activation takes the record from storage, accepts v3, writes it
    /// at once and goes idle believing Dataverse holds it.
    /// </summary>
    private async Task<DeployedSilo> SupersedeAsync(IRecordGrain older, string id, TimeSpan held, Func<Task> meanwhile)
    {
        await using (await _cluster.SlowDataverseAsync(held))
        {
            await older.Accept(Upsert(Entities.Account, id, 1, ("name", "\"v1\"")));
            await Eventually.MatchesAsync(() => Task.FromResult(_cluster.Writer.Count(RecordCluster.RowId(id))), count => count == 1, "the first silo's write of v1 to be out");
            await Task.Delay(300);
            await meanwhile();
        }

        var duplicate = new DeployedSilo(await _cluster.StartDuplicateSiloAsync());
        var newer = duplicate.Cluster.GrainFactory.GetGrain<IRecordGrain>(new RecordKey(RecordCluster.Source, Entities.Account, id).ToString());
        Assert.Equal(AcceptOutcome.Accepted, await newer.Accept(Upsert(Entities.Account, id, 3, ("name", "\"v3\""))));
        await WaitForStatusAsync(newer, RecordStatus.Written);
        await duplicate.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return duplicate;
    }

    private sealed class DeployedSilo(TestCluster cluster) : IAsyncDisposable
    {
        public TestCluster Cluster => cluster;

        public async ValueTask DisposeAsync()
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
