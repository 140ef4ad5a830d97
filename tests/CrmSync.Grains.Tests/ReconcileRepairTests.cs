using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

public sealed class ReconcileRepairTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RewriteWritesTheSameStateAgainWhereAcceptingItAgainIsOnlyADuplicate()
    {
        var record = _cluster.Record("account", "R-1");
        var change = Upsert("account", "R-1", 3, ("name", "\"Contoso\""));
        await record.Accept(change);
        await _cluster.WaitUntilSettledAsync([record]);
        await _cluster.WebApi.DeleteAsync($"accounts({RecordCluster.RowId("R-1")})");

        Assert.Equal(AcceptOutcome.Duplicate, await record.Accept(change));
        await record.Rewrite();
        await _cluster.WaitUntilSettledAsync([record]);

        Assert.Equal("Contoso", (string?)(await _cluster.RowAsync("accounts", "R-1"))?["name"]);
        Assert.Equal(2, _cluster.Writer.Count(RecordCluster.RowId("R-1")));
    }

    [Fact]
    public async Task RewriteOfARecordThatNeverWantedARowWritesNothing()
    {
        var record = _cluster.Record("account", "R-2");
        await record.Rewrite();

        Assert.Equal(RecordStatus.New, (await record.GetSnapshot()).Status);
        Assert.Equal(0, _cluster.Writer.Count(RecordCluster.RowId("R-2")));
    }

    [Fact]
    public async Task RemoveOrphanDeletesTheRowWithATombstoneThatALaterCrmChangeStillRevives()
    {
        var record = _cluster.Record("account", "O-1");
        await record.Accept(Upsert("account", "O-1", 5, ("name", "\"Gone\"")));
        await _cluster.WaitUntilSettledAsync([record]);

        await record.RemoveOrphan(RecordCluster.RowId("O-1"));
        await _cluster.WaitUntilSettledAsync([record]);
        Assert.Null(await _cluster.RowAsync("accounts", "O-1"));
        Assert.Equal(AcceptOutcome.Stale, await record.Accept(Upsert("account", "O-1", 5, ("name", "\"Gone\""))));

        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert("account", "O-1", 6, ("name", "\"Back\""))));
        await _cluster.WaitUntilSettledAsync([record]);
        Assert.Equal("Back", (string?)(await _cluster.RowAsync("accounts", "O-1"))?["name"]);
    }

    [Fact]
    public async Task RemoveOrphanOfARecordItsGrainNeverSawStillDeletesTheRow()
    {
        await _cluster.WebApi.PatchAsync(
            $"accounts({RecordCluster.RowId("O-2")})",
            new StringContent($$"""{"name":"Made elsewhere","msdyn_source_crm":{{RecordCluster.SourceCrmValue}},"msdyn_source_crm_id":"O-2"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.NotNull(await _cluster.RowAsync("accounts", "O-2"));
        var record = _cluster.Record("account", "O-2");

        await record.RemoveOrphan(RecordCluster.RowId("O-2"));
        await _cluster.WaitUntilSettledAsync([record]);

        Assert.Null(await _cluster.RowAsync("accounts", "O-2"));
    }
}
