namespace CrmSync.DataverseEmulator.Tests;

public sealed class StatsTests
{
    [Fact]
    public async Task StatsCountWebApiRequestsAndRecordsWritten()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "A");
        (await emulator.PatchAsync($"accounts({account})", """{"name":"B"}""")).Dispose();
        (await emulator.PostAsync("contacts", $$"""{"lastname":"Lee","parentcustomerid_account@odata.bind":"/accounts({{account}})"}""")).Dispose();
        (await emulator.PostAsync("accounts", """{"bogus":1}""")).Dispose();
        await emulator.GetRowsAsync("accounts");
        // Deleting the account deletes its contact: two rows written.
        (await emulator.DeleteAsync($"accounts({account})")).Dispose();

        var stats = await GetStatsAsync(emulator);

        Assert.Equal(6, (long)stats["requests"]!);
        Assert.Equal(5, (long)stats["recordsWritten"]!);
        Assert.Equal(0, (long)stats["throttled"]!);
        Assert.Equal(1, (int)stats["maxConcurrent"]!);
    }

    [Fact]
    public async Task MaxConcurrentRecordsThePeakOfParallelRequests()
    {
        const int Clients = 8;
        await using var emulator = await TestEmulator.StartAsync();
        var release = new TaskCompletionSource();

        // Each body is held back after its first byte, so all requests are inside the emulator at once.
        var requests = Enumerable.Range(0, Clients).Select(async index =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, Rows.AccountByKey($"p{index}"))
            {
                Content = new HeldBackContent("""{"name":"Parallel"}""", release.Task),
            };
            using var response = await emulator.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }).ToList();
        var peak = await WaitForAsync(emulator, stats => (int)stats["maxConcurrent"]! >= Clients);
        release.SetResult();
        await Task.WhenAll(requests);

        var stats = await GetStatsAsync(emulator);
        Assert.Equal(Clients, (int)peak["maxConcurrent"]!);
        Assert.Equal(Clients, (long)stats["recordsWritten"]!);
        Assert.Equal(Clients, (long)stats["requests"]!);
    }

    [Fact]
    public async Task ResetEmptiesTheTables()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await Rows.CreateAccountAsync(emulator, "A");
        (await emulator.PostAsync("contacts", """{"lastname":"Lee"}""")).Dispose();

        using var response = await emulator.Client.PostAsync(new Uri(emulator.App.GetBaseAddress(), "emulator/reset"), null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
        Assert.Empty(await emulator.GetRowsAsync("contacts"));
    }

    private static async Task<JsonObject> WaitForAsync(TestEmulator emulator, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var stats = await GetStatsAsync(emulator);
            if (condition(stats) || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(20);
        }
    }

    private static Task<JsonObject> GetStatsAsync(TestEmulator emulator) => emulator.GetStatsAsync();
}
