using System.Diagnostics.Metrics;
using CrmSync.Abstractions;
using CrmSync.Gateway.Tests.Support;
using CrmSync.Gateway.Webhooks;
using CrmSync.Testing;

namespace CrmSync.Gateway.Tests.Webhooks;

/// <summary>The gateway's bound on changes in flight (CrmSync:Webhooks:MaxChangesInFlight), with grains the test holds.</summary>
public sealed class ChangesInFlightTests : IAsyncLifetime
{
    private const int Limit = 10;

    private readonly RecordGrainsDouble _grains = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InProcessGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        // Grains that answer only when the test lets them; a gateway that waited for room would hang for the whole
        // accept timeout, and then answer 503, not 429.
        _grains.Accept = async _ =>
        {
            await _release.Task;
            return AcceptOutcome.Accepted;
        };
        _gateway = await InProcessGateway.StartAsync(_grains, new Dictionary<string, string?>
        {
            ["MaxChangesInFlight"] = $"{Limit}",
            ["RetryAfter"] = "00:00:02",
            ["AcceptTimeout"] = "00:01:00",
        });
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _gateway.DisposeAsync();
    }

    [Theory]
    [InlineData(Limit)]
    [InlineData(Limit - 4)]
    public async Task ARequestThatDoesNotFitIsRefusedAtOnceWith429RetryAfterAndAProblem(int held)
    {
        var holding = _gateway.Webhooks.SendAsync(Changes("held", held));
        await UntilReceivedAsync(held);

        using var response = await SendAsync(Changes("refused", 5));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int)problem["status"]!);
        Assert.Contains($"{held} of its {Limit} changes in flight", (string)problem["detail"]!);
        Assert.False(holding.IsCompleted, "The held request was answered before its grains were.");
    }

    [Fact]
    public async Task ARefusedRequestHandsNoChangeToAnyGrain()
    {
        var holding = _gateway.Webhooks.SendAsync(Changes("held", Limit - 1));
        await UntilReceivedAsync(Limit - 1);

        using var response = await SendAsync(Changes("refused", 2));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        _release.SetResult();
        Assert.True((await holding).IsSuccess);
        Assert.DoesNotContain(_grains.Received, change => change.SourceId.StartsWith("refused", StringComparison.Ordinal));
        Assert.Equal(Limit - 1, _grains.Received.Count);
    }

    [Fact]
    public async Task EachRefusalIsCountedInTheRefusedMetric()
    {
        var refused = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument is { Meter.Name: WebhookTelemetry.Name, Name: "crmsync.webhooks.refused" })
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refused, value));
        listener.Start();
        var holding = _gateway.Webhooks.SendAsync(Changes("held", Limit));
        await UntilReceivedAsync(Limit);

        using var first = await SendAsync(Changes("refused-a", 1));
        using var second = await SendAsync(Changes("refused-b", 1));

        Assert.Equal(2, Interlocked.Read(ref refused));
        _release.SetResult();
        await holding;
    }

    [Fact]
    public async Task PermitsComeBackWhenTheGrainsAnswer()
    {
        var holding = _gateway.Webhooks.SendAsync(Changes("held", Limit));
        await UntilReceivedAsync(Limit);
        using (var refused = await SendAsync(Changes("early", Limit)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        _release.SetResult();
        Assert.True((await holding).IsSuccess);

        using var response = await SendAsync(Changes("later", Limit));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PermitsComeBackWhenAGrainFails()
    {
        _release.SetResult();
        _grains.Accept = change => change.SourceId.StartsWith("fails", StringComparison.Ordinal)
            ? Task.FromException<AcceptOutcome>(new InvalidOperationException("storage is down"))
            : Task.FromResult(AcceptOutcome.Accepted);

        using (var failed = await SendAsync(Changes("fails", Limit)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using var response = await SendAsync(Changes("after", Limit));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PermitsOfASenderThatWentAwayAreHeldUntilItsGrainsAnswer()
    {
        using var goingAway = new CancellationTokenSource();
        var abandoned = SendAsync(Changes("abandoned", Limit), goingAway.Token);
        await UntilReceivedAsync(Limit);

        await goingAway.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        using (var whileHeld = await SendAsync(Changes("while-held", 1)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, whileHeld.StatusCode);
        }

        _release.SetResult();
        var status = await Eventually.MatchesAsync(
            async () =>
            {
                using var response = await SendAsync(Changes($"after-{Guid.NewGuid():N}", Limit));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            "the abandoned request's permits to come back once its grains answered");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ARequestLargerThanTheLimitGoesWhenNothingElseIsInFlight()
    {
        _release.SetResult();

        using var response = await SendAsync(Changes("large", Limit * 3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Limit * 3, _grains.Received.Count);
    }

    private async Task<HttpResponseMessage> SendAsync(GenericChange[] changes, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _gateway.Url };
        using var request = _gateway.Webhooks.CreateRequest(WebhookMessage.Of(changes));
        var response = await http.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }

    private Task UntilReceivedAsync(int count) => Eventually.MatchesAsync(
        () => Task.FromResult(_grains.Received.Count), received => received == count, $"{count} changes to reach their grains");

    private static GenericChange[] Changes(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => GenericChange.Account($"{prefix}-{i}", 1, new { name = $"{prefix} {i}" }))];
}
