using System.Diagnostics;
using Xunit.Abstractions;

namespace CrmSync.DataverseEmulator.Tests;

public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThousandsOfConcurrentUpsertsAllLand()
    {
        const int Accounts = 2000;
        const int Parallelism = 32;
        await using var emulator = await TestEmulator.StartAsync();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Accounts), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, _) =>
        {
            using var response = await emulator.PatchAsync(Rows.AccountByKey($"load-{index}"), $$"""{"name":"Account {{index}}","numberofemployees":{{index}}}""");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });

        clock.Stop();
        output.WriteLine($"{Accounts} upserts in {clock.ElapsedMilliseconds} ms ({Accounts / clock.Elapsed.TotalSeconds:F0}/s)");
        var body = await emulator.GetJsonAsync("accounts?$select=name&$count=true&$filter=numberofemployees ge 0");
        Assert.Equal(Accounts, (int?)body["@odata.count"]);
    }

    [Fact]
    public async Task ConcurrentWritesThatFailDoNotUndoTheirNeighbours()
    {
        // All 200 at once: more than Dataverse's 52 concurrent requests, which is not what this test is about.
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Limits:MaxConcurrent"] = "1000" });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async index =>
        {
            // Every other contact binds an account that does not exist, so its write must fail alone.
            var body = index % 2 == 0
                ? """{"lastname":"Good"}"""
                : $$"""{"lastname":"Bad","parentcustomerid_account@odata.bind":"/accounts({{Guid.NewGuid()}})"}""";
            using var response = await emulator.PatchAsync(Rows.ContactByKey($"c{index}"), body);
            return (index, response.StatusCode);
        }));

        Assert.All(outcomes, outcome => Assert.Equal(outcome.index % 2 == 0 ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, outcome.StatusCode));
        var stored = await emulator.GetJsonAsync("contacts?$select=lastname&$count=true");
        Assert.Equal(100, (int?)stored["@odata.count"]);
        Assert.All((JsonArray)stored["value"]!, row => Assert.Equal("Good", (string?)row!["lastname"]));
    }
}
