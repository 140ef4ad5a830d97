using System.Diagnostics;

namespace CrmSync.DataverseEmulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task AnOutageAnswers503UntilItEnds()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var started = await emulator.AdminAsync(HttpMethod.Post, "outage?seconds=1");
        using var during = await emulator.PostAsync("accounts", """{"name":"Lost?"}""");
        using var stats = await emulator.AdminAsync(HttpMethod.Get, "stats");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var after = await emulator.PostAsync("accounts", """{"name":"Written"}""");

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.True((bool)(await TestEmulator.ReadJsonAsync(started))["active"]!);
        await TestEmulator.AssertErrorAsync(during, HttpStatusCode.ServiceUnavailable, "0x80040216");
        Assert.Equal("1", during.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.Equal(["Written"], (await emulator.GetRowsAsync("accounts?$select=name")).Select(row => (string)row!["name"]!));
    }

    [Fact]
    public async Task DeletingTheOutageEndsItAtOnce()
    {
        await using var emulator = await TestEmulator.StartAsync();
        (await emulator.AdminAsync(HttpMethod.Post, "outage?seconds=600")).Dispose();
        using var during = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        using var ended = await emulator.AdminAsync(HttpMethod.Delete, "outage");
        using var after = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AnOutageCanBeConfiguredFromStartOrForLater()
    {
        await using var now = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Faults:OutageSeconds"] = "600" });
        await using var later = await TestEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Faults:OutageStart"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
            ["Emulator:Faults:OutageSeconds"] = "600",
        });

        using var down = await now.SendAsync(HttpMethod.Get, "WhoAmI");
        using var up = await later.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task InjectedErrorsAre5xxAndWriteNothing()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Faults:ErrorRate"] = "1" });

        var statuses = new HashSet<HttpStatusCode>();
        for (var index = 0; index < 20; index++)
        {
            using var response = await emulator.PatchAsync(Rows.AccountByKey($"e{index}"), """{"name":"E"}""");
            statuses.Add(response.StatusCode);
            Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        }

        using var off = await emulator.AdminAsync(HttpMethod.Post, "faults", """{"ErrorRate":0}""");

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable], statuses.Order());
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
        Assert.Equal(0, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
    }

    [Fact]
    public async Task AnErrorRateOutside0To1StopsTheEmulator()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Faults:ErrorRate"] = "1.5" }));

        Assert.Contains("Emulator:Faults:ErrorRate", error.Message);
    }

    [Fact]
    public async Task LatencyIsAddedToEveryWebApiRequest()
    {
        await using var emulator = await TestEmulator.StartAsync();
        (await emulator.AdminAsync(HttpMethod.Post, "faults", """{"LatencyMilliseconds":300}""")).Dispose();

        var clock = Stopwatch.StartNew();
        using var response = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Timers have millisecond resolution, so the delay may end a little before 300 ms by the stopwatch.
        Assert.True(clock.ElapsedMilliseconds >= 290, $"The request took {clock.ElapsedMilliseconds} ms.");
    }
}
