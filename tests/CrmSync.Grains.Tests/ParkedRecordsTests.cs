using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.TestingHost;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

public sealed class ParkedRecordsTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Cluster.GrainFactory;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RefusedRowIsParkedWithDataversesErrorAndListed()
    {
        var record = _cluster.Record("account", "Long-1");
        await record.Accept(Upsert("account", "Long-1", 1, ("name", TooLongName)));

        var parked = await WaitForStatusAsync(record, RecordStatus.Parked);
        Assert.StartsWith("400 0x80044331:", parked.LastError);
        Assert.Contains("'name'", parked.LastError);
        Assert.NotNull(parked.ParkedAt);

        var listed = await Grains.WaitUntilListedAsync(parked.Key, listed: true);
        Assert.Equal(parked.LastError, listed!.Error);
        Assert.Equal(parked.ParkedAt, listed.ParkedAt);
        Assert.Null(await _cluster.RowAsync("accounts", "Long-1"));
    }

    [Fact]
    public async Task NewerChangeWritesAParkedRecordAndUnlistsIt()
    {
        var record = _cluster.Record("account", "Long-2");
        await record.Accept(Upsert("account", "Long-2", 1, ("name", TooLongName)));
        var parked = await WaitForStatusAsync(record, RecordStatus.Parked);
        await Grains.WaitUntilListedAsync(parked.Key, listed: true);

        await record.Accept(Upsert("account", "Long-2", 2, ("name", "\"Short\"")));

        var written = await WaitForStatusAsync(record, RecordStatus.Written);
        Assert.Null(written.LastError);
        Assert.Null(written.ParkedAt);
        Assert.Equal("Short", (await _cluster.RowAsync("accounts", "Long-2"))!["name"]!.GetValue<string>());
        await Grains.WaitUntilListedAsync(parked.Key, listed: false);
    }

    [Fact]
    public async Task RetryWritesAParkedRecordOnceItsCauseIsFixedAndUnlistsIt()
    {
        var squatter = await MakeRowByHandAsync("Dup-1");
        var record = _cluster.Record("account", "Dup-1");
        await record.Accept(Upsert("account", "Dup-1", 1, ("name", "\"From the CRM\"")));
        var parked = await WaitForStatusAsync(record, RecordStatus.Parked);
        Assert.StartsWith("412 0x80060892:", parked.LastError);
        await Grains.WaitUntilListedAsync(parked.Key, listed: true);

        await record.Retry();
        await WaitForStatusAsync(record, RecordStatus.Parked);

        await DeleteRowAsync(squatter);
        await record.Retry();

        await WaitForStatusAsync(record, RecordStatus.Written);
        Assert.Equal("From the CRM", (await _cluster.RowAsync("accounts", "Dup-1"))!["name"]!.GetValue<string>());
        await Grains.WaitUntilListedAsync(parked.Key, listed: false);
    }

    [Fact]
    public async Task RetryParkedWritesTheRecordsWhoseCauseIsFixedAndLeavesTheOthersListed()
    {
        var fixedLater = await MakeRowByHandAsync("Dup-2");
        await MakeRowByHandAsync("Dup-3");
        var cured = _cluster.Record("account", "Dup-2");
        var stuck = _cluster.Record("account", "Dup-3");
        await cured.Accept(Upsert("account", "Dup-2", 1, ("name", "\"Cured\"")));
        await stuck.Accept(Upsert("account", "Dup-3", 1, ("name", "\"Stuck\"")));
        var curedKey = (await WaitForStatusAsync(cured, RecordStatus.Parked)).Key;
        var stuckKey = (await WaitForStatusAsync(stuck, RecordStatus.Parked)).Key;
        await Grains.WaitUntilListedAsync(curedKey, listed: true);
        var stuckListing = await Grains.WaitUntilListedAsync(stuckKey, listed: true);

        await DeleteRowAsync(fixedLater);
        Assert.Equal(2, await Grains.RetryParkedAsync());

        await WaitForStatusAsync(cured, RecordStatus.Written);
        Assert.Equal("Cured", (await _cluster.RowAsync("accounts", "Dup-2"))!["name"]!.GetValue<string>());
        await Grains.WaitUntilListedAsync(curedKey, listed: false);
        await WaitUntilParkedAgainAsync(stuckKey, stuckListing!);
        Assert.Equal(RecordStatus.Parked, (await stuck.GetSnapshot()).Status);
    }

    [Fact]
    public async Task RecordParkedWhileTheRegistryCannotStoreIsListedOnceItCan()
    {
        await using (var down = await BlockRegistryStorageAsync())
        {
            var record = _cluster.Record("account", "Long-3");
            await record.Accept(Upsert("account", "Long-3", 1, ("name", TooLongName)));
            var parked = await WaitForStatusAsync(record, RecordStatus.Parked);

            // Longer than the test silo's reminder period (2 s): the retries fail too.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.DoesNotContain(await Grains.AllParkedAsync(), r => r.Key == parked.Key);
        }

        var listed = await Grains.WaitUntilListedAsync(new RecordKey(RecordCluster.Source, "account", "Long-3"), listed: true);
        Assert.Contains("'name'", listed!.Error);
    }

    [Fact]
    public async Task ListingSurvivesASiloCrashAndPagesThroughEveryParkedRecordOnce()
    {
        var ids = Enumerable.Range(0, 23).Select(i => $"Many-{i}").ToList();
        await Task.WhenAll(ids.Select(id => _cluster.Record("account", id).Accept(Upsert("account", id, 1, ("name", TooLongName))).AsTask()));
        foreach (var id in ids)
        {
            await Grains.WaitUntilListedAsync(new RecordKey(RecordCluster.Source, "account", id), listed: true);
        }

        await _cluster.KillSiloAsync();
        await _cluster.StartSiloAsync();
        await WaitUntilCountListedAsync(ids.Count);

        var pages = new List<IReadOnlyList<ParkedRecord>>();
        string? continuation = null;
        do
        {
            var page = await Grains.ListParkedAsync(continuation, 5);
            pages.Add(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.All(pages, page => Assert.True(page.Count <= 5));
        Assert.Equal(ids.Order(), pages.SelectMany(page => page).Select(r => r.Key.SourceId).Order());
    }

    [Fact]
    public async Task RecentChangesKeepTheLastTwentyWithTheirOutcomes()
    {
        var record = _cluster.Record("account", "History-1");
        for (var version = 1; version <= 24; version++)
        {
            await record.Accept(Upsert("account", "History-1", version, ("name", $"\"v{version}\"")));
        }

        await record.Accept(Upsert("account", "History-1", 24, ("name", "\"v24\"")));
        await record.Accept(Upsert("account", "History-1", 3, ("name", "\"old\"")));
        await record.Accept(Delete("account", "History-1", 25));
        var snapshot = await record.GetSnapshot();

        Assert.Equal(RecentChange.KeptPerRecord, snapshot.RecentChanges.Count);
        Assert.Equal(
            [(24L, ChangeOperation.Upsert, AcceptOutcome.Duplicate), (3L, ChangeOperation.Upsert, AcceptOutcome.Stale), (25L, ChangeOperation.Delete, AcceptOutcome.Accepted)],
            snapshot.RecentChanges.TakeLast(3).Select(c => (c.Version.Major, c.Operation, c.Outcome)));
        Assert.Equal(Enumerable.Range(8, 17).Select(v => (long)v), snapshot.RecentChanges.Take(17).Select(c => c.Version.Major));
        Assert.Equal(snapshot.DesiredRevision, snapshot.RecentChanges[^1].Revision);
        Assert.True(snapshot.RecentChanges.Zip(snapshot.RecentChanges.Skip(1)).All(pair => pair.First.ReceivedAt <= pair.Second.ReceivedAt));
        Assert.Equal(ChangeVersion.FromInteger(24), snapshot.UpsertVersion);
        Assert.Equal(ChangeVersion.FromInteger(25), snapshot.DeletedVersion);
    }

    /// <summary>A row that someone made in Dataverse with this record's source columns, under another id: Dataverse refuses ours (412, duplicate key).</summary>
    private async Task<Guid> MakeRowByHandAsync(string sourceId)
    {
        var id = Guid.NewGuid();
        using var response = await _cluster.WebApi.PostAsJsonAsync("accounts", new Dictionary<string, object>
        {
            ["accountid"] = id,
            ["name"] = "Made by hand",
            ["msdyn_source_crm"] = RecordCluster.SourceCrmValue,
            ["msdyn_source_crm_id"] = sourceId,
        });
        response.EnsureSuccessStatusCode();
        return id;
    }

    private async Task DeleteRowAsync(Guid id) =>
        (await _cluster.WebApi.DeleteAsync($"accounts({id})")).EnsureSuccessStatusCode();

    private async Task WaitUntilCountListedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Grains.AllParkedAsync()).Count != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The registry does not list {count} records.");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the registry lists a newer parking of the record than <paramref name="earlier"/>: it was tried again and refused again.</summary>
    private async Task WaitUntilParkedAgainAsync(RecordKey key, ParkedRecord earlier)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Grains.AllParkedAsync()).SingleOrDefault(r => r.Key == key) is not { } listing || listing.ParkedAt <= earlier.ParkedAt)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Record {key} was not parked again after the retry.");
            await Task.Delay(100);
        }
    }

    /// <summary>Makes every write of the registry's grain state fail, as a storage outage would, until disposed.</summary>
    private async Task<RegistryStorageBlock> BlockRegistryStorageAsync()
    {
        var services = ((InProcessSiloHandle)_cluster.Cluster.Primary!).SiloHost.Services;
        var database = Path.Combine(services.GetRequiredService<IConfiguration>()[RecordSiloConfigurator.DirectoryKey]!, "silo.db");
        var block = new RegistryStorageBlock($"Data Source={database};Default Timeout=30");
        await block.ExecuteAsync("""
            CREATE TRIGGER registry_down_insert BEFORE INSERT ON grain_state WHEN NEW.state_name = 'parked'
            BEGIN SELECT RAISE(ABORT, 'the registry storage is down for this test'); END;
            CREATE TRIGGER registry_down_update BEFORE UPDATE ON grain_state WHEN NEW.state_name = 'parked'
            BEGIN SELECT RAISE(ABORT, 'the registry storage is down for this test'); END;
            """);
        return block;
    }

    private sealed class RegistryStorageBlock(string connectionString) : IAsyncDisposable
    {
        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync() =>
            await ExecuteAsync("DROP TRIGGER registry_down_insert; DROP TRIGGER registry_down_update;");
    }
}
