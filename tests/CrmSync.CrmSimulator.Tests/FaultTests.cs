using System.Text.Json;

namespace CrmSync.CrmSimulator.Tests;

public sealed class FaultTests
{
    private const string Page = "api/cursor/accounts?limit=10";

    [Fact]
    public async Task QueuedThrottlingAnswersTheNextRequestsWithRetryAfterAndThenServesAgain()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("faults", """{"status":429,"count":3,"retryAfterSeconds":2}""");

        var throttled = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            throttled.Add(await simulator.GetAsync(Page));
        }

        using var served = await simulator.GetAsync(Page);
        var stats = await simulator.StatsAsync();

        foreach (var response in throttled)
        {
            await TestSimulator.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            response.Dispose();
        }

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(3, (long)stats["throttled"]!);
        Assert.Equal(0, (long)stats["failed"]!);
        Assert.Equal(4, (long)stats["requests"]!);
        Assert.Equal(1, (long)stats["pages"]!);
        Assert.Equal(10, (long)stats["records"]!);
    }

    [Fact]
    public async Task AnInjected503WithoutRetryAfterCountsAsFailed()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("faults", """{"status":503}""");

        using var failed = await simulator.GetAsync(Page);
        using var served = await simulator.GetAsync(Page);
        var stats = await simulator.StatsAsync();

        await TestSimulator.AssertProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.Null(failed.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, (long)stats["failed"]!);
        Assert.Equal(0, (long)stats["throttled"]!);
    }

    [Theory]
    [InlineData("offset")]
    [InlineData("link")]
    public async Task AMalformedPageIsNotJsonAndTheNextPageIs(string style)
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("faults", """{"malformed":true,"count":1}""");

        using var malformed = await simulator.GetAsync($"api/{style}/contacts");
        using var next = await simulator.GetAsync($"api/{style}/contacts");
        var body = await malformed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        Assert.Equal("application/json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        JsonDocument.Parse(await next.Content.ReadAsStringAsync()).Dispose();
        Assert.Equal(1, (long)(await simulator.StatsAsync())["failed"]!);
    }

    [Fact]
    public async Task ResetClearsQueuedFaultsAndCounters()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("faults", """{"status":500,"count":5}""");
        (await simulator.GetAsync(Page)).Dispose();

        await simulator.ControlAsync("reset");
        using var served = await simulator.GetAsync(Page);
        var stats = await simulator.StatsAsync();

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, (long)stats["requests"]!);
        Assert.Equal(0, (long)stats["failed"]!);
    }

    [Theory]
    [InlineData("""{"count":3}""")]
    [InlineData("""{"status":200}""")]
    [InlineData("""{"status":429,"count":0}""")]
    [InlineData("""{"status":429,"retryAfterSeconds":-1}""")]
    [InlineData("""{"status":503,"malformed":true}""")]
    [InlineData("""{"status":"soon"}""")]
    public async Task AFaultThatMakesNoSenseIsA400Problem(string body)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.PostAsync("simulator/faults", body);
        using var served = await simulator.GetAsync(Page);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
