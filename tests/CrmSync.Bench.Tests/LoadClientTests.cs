using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Bench.Tests;

public sealed class LoadClientTests(BareServerFixture bare) : IClassFixture<BareServerFixture>
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly LoadClient _load = new();

    [Fact]
    public async Task AClosedLoopSendsEachRequestOnceAndTimesEveryAnswer()
    {
        var requests = Webhooks(500);

        var report = await _load.ClosedLoopAsync(bare.Url, requests, concurrency: 8);

        Assert.Equal(500, report.Succeeded);
        Assert.Equal(0, report.Failed + report.Errors);
        Assert.Equal(500, report.Latency.Count);
        Assert.Equal(500, report.Statuses[200]);
        Assert.InRange(report.Latency.P50, 0, report.Latency.P99);
    }

    [Fact]
    public async Task AClosedLoopThatCyclesKeepsSendingUntilItsTimeIsUp()
    {
        var report = await _load.ClosedLoopAsync(bare.Url, Webhooks(10), concurrency: 4, duration: TimeSpan.FromSeconds(1), cycle: true);

        Assert.True(report.Succeeded > 10, $"{report.Succeeded} requests in a second of cycling through 10");
        Assert.InRange(report.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnOpenLoopSendsAtItsRateWhateverTheAnswers()
    {
        var due = new long[50];

        var report = await _load.OpenLoopAsync(bare.Url, Webhooks(50), perSecond: 100, (i, at) => due[i] = at);

        Assert.Equal(50, report.Succeeded);
        // The schedule is held by the due times; the run itself may end a little before the last one, since a send
        // due within 1 ms goes at once rather than sleeping for less than the timer can.
        Assert.InRange(report.Elapsed, TimeSpan.FromSeconds(0.48), TimeSpan.FromSeconds(5));
        Assert.Equal(490, Stopwatch.GetElapsedTime(due[0], due[49]).TotalMilliseconds, tolerance: 1);
    }

    [Fact]
    public async Task AnswersOtherThan2xxAreCountedApartWithTheFirstOneKept()
    {
        PreparedRequest[] requests = [.. Webhooks(3), new(HttpMethod.Post, "nowhere", "{}"u8.ToArray(), [])];

        var report = await _load.ClosedLoopAsync(bare.Url, requests, concurrency: 1);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(1, report.Failed);
        Assert.Equal(1, report.Statuses[404]);
        Assert.StartsWith("POST nowhere answered 404", report.FirstFailure);
        Assert.Equal(3, report.Latency.Count);
    }

    [Fact]
    public async Task ARequestNobodyAnswersIsAnError()
    {
        var closed = new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}");

        var report = await _load.ClosedLoopAsync(closed, Webhooks(2), concurrency: 1);

        Assert.Equal(2, report.Errors);
        Assert.Equal(0, report.Succeeded);
        Assert.Contains("2 without an answer", report.DescribeFailures());
    }

    [Fact]
    public void APreparedWebhookCarriesTheSignatureTheGatewayChecks()
    {
        var request = PreparedRequest.Webhook([GenericChange.Account("A-1", 3, new { name = "Contoso" })], Secret);
        var headers = new HeaderDictionary(request.Headers.ToDictionary(header => header.Key, header => new Microsoft.Extensions.Primitives.StringValues(header.Value)));

        CrmSync.Connectors.Shared.StandardWebhookSignature.Verify(headers, request.Body, Secret, DateTimeOffset.UtcNow);
        Assert.Equal("""{"entity":"account","id":"A-1","op":"upsert","version":3,"fields":{"name":"Contoso"}}""", Encoding.UTF8.GetString(request.Body));
        Assert.Equal(PreparedRequest.WebhookPath, request.Path);
    }

    private static List<PreparedRequest> Webhooks(int count) =>
        [.. Enumerable.Range(0, count).Select(i => PreparedRequest.Webhook([GenericChange.Account($"A-{i}", 1)], Secret))];
}
