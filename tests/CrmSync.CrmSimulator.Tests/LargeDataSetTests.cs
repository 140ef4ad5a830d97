using System.Diagnostics;

namespace CrmSync.CrmSimulator.Tests;

[CollectionDefinition(nameof(LargeDataSetTests), DisableParallelization = true)]
public sealed class LargeDataSetCollection;

/// <summary>Alone in its collection, because it measures the whole process's allocations.</summary>
[Collection(nameof(LargeDataSetTests))]
public sealed class LargeDataSetTests
{
    [Theory]
    [InlineData("api/offset/contacts?offset=999900&limit=100", "items")]
    [InlineData("api/link/contacts?sysparm_offset=999900&sysparm_limit=100", "result")]
    [InlineData("api/page/contacts?page=10000&per_page=100", "data")]
    public async Task AMillionRecordsAnswerAPageNearTheEndQuicklyWithoutGeneratingTheRest(string url, string recordsProperty)
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "1000000"), ("Contacts", "1000000"));
        (await simulator.GetAsync("api/offset/contacts?limit=1")).Dispose();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var elapsed = Stopwatch.StartNew();
        var body = await simulator.GetJsonAsync(url);
        elapsed.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var ids = body[recordsProperty]!.AsArray().Select(record => (string)record!["id"]!).ToList();
        Assert.Equal(Enumerable.Range(999_901, 100).Select(index => $"C{index:D7}"), ids);
        // Generating every record would allocate hundreds of megabytes and take seconds.
        Assert.True(allocated < 20_000_000, $"serving one page allocated {allocated:N0} bytes");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(1), $"serving one page took {elapsed.Elapsed}");
    }
}
