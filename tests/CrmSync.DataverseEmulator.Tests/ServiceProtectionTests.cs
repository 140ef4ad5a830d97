using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CrmSync.DataverseEmulator.Tests;

public sealed class ServiceProtectionTests
{
    [Fact]
    public async Task RequestsBeyondTheWindowAre429WithRetryAfterUntilTheWindowFreesASlot()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(requests: 3, windowSeconds: 2));
        for (var index = 0; index < 3; index++)
        {
            using var admitted = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            Assert.Equal($"{2 - index}", admitted.Headers.GetValues("x-ms-ratelimit-burst-remaining-xrm-requests").Single());
        }

        using var refused = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal("Number of requests exceeded the limit of 3 over time window of 2 seconds.",
            await TestEmulator.AssertErrorAsync(refused, (HttpStatusCode)429, "0x80072322"));
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 2);
        Assert.Equal(1, (long)(await emulator.GetStatsAsync())["throttled"]!);

        await Task.Delay(TimeSpan.FromSeconds(retryAfter));
        using var later = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task TheConcurrencyLimitRefusesAtOnce()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(maxConcurrent: 2));
        var release = new TaskCompletionSource();
        var held = Enumerable.Range(0, 2).Select(async index =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, Rows.AccountByKey($"held-{index}"))
            {
                Content = new HeldBackContent("""{"name":"Held"}""", release.Task),
            };
            using var response = await emulator.Client.SendAsync(request);
            return response.StatusCode;
        }).ToList();
        await WaitUntilAsync(async () => (int)(await emulator.GetStatsAsync())["maxConcurrent"]! >= 2);

        var clock = Stopwatch.StartNew();
        using var refused = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        clock.Stop();
        release.SetResult();

        Assert.Equal("Number of concurrent requests exceeded the limit of 2.", await TestEmulator.AssertErrorAsync(refused, (HttpStatusCode)429, "0x80072326"));
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The refusal took {clock.Elapsed}.");
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], await Task.WhenAll(held));
    }

    [Fact]
    public async Task CombinedExecutionTimeBeyondTheLimitIs429()
    {
        var settings = Limits(executionSeconds: 1, windowSeconds: 60);
        settings["Emulator:Faults:LatencyMilliseconds"] = "400";
        await using var emulator = await TestEmulator.StartAsync(settings);
        for (var index = 0; index < 3; index++)
        {
            (await emulator.SendAsync(HttpMethod.Get, "WhoAmI")).Dispose();
        }

        using var refused = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(
            "Combined execution time of incoming requests exceeded limit of 1,000 milliseconds over time window of 60 seconds. " +
            "Decrease number of concurrent requests or reduce the duration of requests and try again later.",
            await TestEmulator.AssertErrorAsync(refused, (HttpStatusCode)429, "0x80072321"));
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("0.00", refused.Headers.GetValues("x-ms-ratelimit-time-remaining-xrm-requests").Single());
    }

    [Fact]
    public async Task EachUserHasItsOwnLimits()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(requests: 2));
        foreach (var user in new[] { ("X-Emulator-User", "app-1"), ("Authorization", "Bearer token-a") })
        {
            for (var index = 0; index < 2; index++)
            {
                (await emulator.SendAsync(HttpMethod.Get, "WhoAmI", null, user)).Dispose();
            }
        }

        using var firstUser = await emulator.SendAsync(HttpMethod.Get, "WhoAmI", null, ("X-Emulator-User", "app-1"));
        using var tokenUser = await emulator.SendAsync(HttpMethod.Get, "WhoAmI", null, ("Authorization", "Bearer token-a"));
        using var otherToken = await emulator.SendAsync(HttpMethod.Get, "WhoAmI", null, ("Authorization", "Bearer token-b"));
        using var secondUser = await emulator.SendAsync(HttpMethod.Get, "WhoAmI", null, ("X-Emulator-User", "app-2"));

        Assert.Equal((HttpStatusCode)429, firstUser.StatusCode);
        Assert.Equal((HttpStatusCode)429, tokenUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondUser.StatusCode);
    }

    [Fact]
    public async Task EveryResponseCarriesTheRateLimitHeaders()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var first = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        using var second = await emulator.PostAsync("accounts", """{"name":"A"}""");

        Assert.Equal("5999", first.Headers.GetValues("x-ms-ratelimit-burst-remaining-xrm-requests").Single());
        Assert.Equal("5998", second.Headers.GetValues("x-ms-ratelimit-burst-remaining-xrm-requests").Single());
        Assert.Equal("1,200.00", first.Headers.GetValues("x-ms-ratelimit-time-remaining-xrm-requests").Single());
        Assert.Matches(new Regex(@"^1,\d{3}\.\d{2}$"), second.Headers.GetValues("x-ms-ratelimit-time-remaining-xrm-requests").Single());
        Assert.Equal("8", second.Headers.GetValues("x-ms-dop-hint").Single());
    }

    [Fact]
    public async Task ABatchCountsAsOneRequest()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(requests: 2));
        var batch = new BatchBuilder();
        for (var index = 0; index < 10; index++)
        {
            batch.Add("PATCH", Rows.AccountByKey($"b{index}"), """{"name":"B"}""");
        }

        using var batchResponse = await emulator.Client.PostAsync("$batch", batch.Build());
        using var second = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        using var third = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.OK, batchResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
    }

    [Fact]
    public async Task TheEmulatorEndpointsAreNotLimited()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(requests: 1));
        (await emulator.SendAsync(HttpMethod.Get, "WhoAmI")).Dispose();

        for (var index = 0; index < 5; index++)
        {
            using var stats = await emulator.AdminAsync(HttpMethod.Get, "stats");
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }
    }

    [Fact]
    public async Task LimitsChangeAtRunTime()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var changed = await emulator.AdminAsync(HttpMethod.Post, "limits", """{"RequestsPerWindow":1,"DopHint":3}""");
        using var invalid = await emulator.AdminAsync(HttpMethod.Post, "limits", """{"MaxConcurrent":0}""");
        using var first = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");
        using var second = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var limits = await TestEmulator.ReadJsonAsync(changed);
        Assert.Equal((1, 300, 1200, 52, 3), ((int)limits["requestsPerWindow"]!, (int)limits["windowSeconds"]!, (int)limits["executionSecondsPerWindow"]!, (int)limits["maxConcurrent"]!, (int)limits["dopHint"]!));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("3", first.Headers.GetValues("x-ms-dop-hint").Single());
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
    }

    [Fact]
    public async Task ResetForgetsUsageAndCounters()
    {
        await using var emulator = await TestEmulator.StartAsync(Limits(requests: 1));
        (await emulator.SendAsync(HttpMethod.Get, "WhoAmI")).Dispose();
        (await emulator.SendAsync(HttpMethod.Get, "WhoAmI")).Dispose();

        (await emulator.AdminAsync(HttpMethod.Post, "reset")).Dispose();
        var stats = await emulator.GetStatsAsync();
        using var admitted = await emulator.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal((0, 0, 0), ((long)stats["requests"]!, (long)stats["recordsWritten"]!, (long)stats["throttled"]!));
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    private static Dictionary<string, string?> Limits(int? requests = null, int? windowSeconds = null, int? executionSeconds = null, int? maxConcurrent = null)
    {
        var settings = new Dictionary<string, string?>();
        void Set(string name, int? value)
        {
            if (value is not null)
            {
                settings[$"Emulator:Limits:{name}"] = value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Set("RequestsPerWindow", requests);
        Set("WindowSeconds", windowSeconds);
        Set("ExecutionSecondsPerWindow", executionSeconds);
        Set("MaxConcurrent", maxConcurrent);
        return settings;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
