using System.Collections.Concurrent;
using System.Text;
using CrmSync.DataverseEmulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.Bench.Tests;

public sealed class RowWatcherTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("crmsync-bench-tests-");
    private WebApplication _emulator = null!;
    private HttpClient _webApi = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync(Path.Combine(_data.Path, "dataverse.db"));
        _webApi = new HttpClient { BaseAddress = _emulator.GetWebApiAddress() };
    }

    public async Task DisposeAsync()
    {
        _webApi.Dispose();
        await _emulator.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task EveryWriteOfTheWatchedRowsIsSeenInItsNewestStateAndOthersAreNot()
    {
        var seen = new ConcurrentQueue<(string Id, long Employees)>();
        using var dataverse = new EmulatorClient(_emulator.GetBaseAddress(), "watcher");
        await UpsertAsync("w-1", 1);
        await UpsertAsync("w-1", 2);

        await using (var watcher = new RowWatcher(dataverse, EmulatorClient.Accounts, "w-", "numberofemployees",
            (row, _) => seen.Enqueue(((string)row["msdyn_source_crm_id"]!, (long)row["numberofemployees"]!)), TimeSpan.FromMilliseconds(10)))
        {
            await Eventually.MatchesAsync(() => Task.FromResult(seen.Count), count => count == 1, "the existing row to be seen once");
            await UpsertAsync("other-1", 7);
            await UpsertAsync("w-2", 1);
            await UpsertAsync("w-1", 3);
            await Eventually.MatchesAsync(() => Task.FromResult(seen.Count), count => count == 3, "the two new writes to be seen");
            Assert.True(watcher.Polls >= 2);
        }

        Assert.Equal([("w-1", 2), ("w-2", 1), ("w-1", 3)], seen);
    }

    private async Task UpsertAsync(string sourceId, int employees)
    {
        using var response = await _webApi.PatchAsync(
            $"accounts(msdyn_source_crm=192350004,msdyn_source_crm_id='{sourceId}')",
            new StringContent($$"""{"name":"{{sourceId}}","numberofemployees":{{employees}}}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}
