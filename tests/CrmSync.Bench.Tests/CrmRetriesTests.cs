using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmSync.Bench.Tests;

public sealed class CrmRetriesTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(4, 8.0)]
    [InlineData(6, 30.0)]
    [InlineData(40, 30.0)]
    public void ResendsBackOffExponentiallyUpToTheCap(int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CrmRetries.Standard.DelayAfter(attempt, retryAfter: null, random: 0.5));
    }

    [Fact]
    public void JitterSpreadsAResendByAQuarterEitherWay()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), CrmRetries.Standard.DelayAfter(2, retryAfter: null, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(2.5), CrmRetries.Standard.DelayAfter(2, retryAfter: null, random: 1));
    }

    [Fact]
    public void AResendNeverComesSoonerThanTheRetryAfterAsked()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), CrmRetries.Standard.DelayAfter(1, TimeSpan.FromSeconds(10), random: 1));
        Assert.Equal(TimeSpan.FromSeconds(4), CrmRetries.Standard.DelayAfter(3, TimeSpan.FromSeconds(1), random: 0.5));
    }

    [Fact]
    public async Task ARefusedDeliveryIsSentAgainAfterRetryAfterUntilAcknowledged()
    {
        var sends = new List<long>();
        await using var server = await StartAsync(context =>
        {
            lock (sends)
            {
                sends.Add(Stopwatch.GetTimestamp());
                if (sends.Count < 3)
                {
                    context.Response.StatusCode = 429;
                    context.Response.Headers.RetryAfter = "1";
                }
            }
        });
        using var load = new LoadClient();
        var answers = new List<int>();

        var acknowledged = await new CrmRetries(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)).DeliverAsync(
            load, server.Url, Webhook(), long.MaxValue, answer => answers.Add(answer.Status), CancellationToken.None);

        Assert.True(acknowledged);
        Assert.Equal([429, 429, 200], answers);
        // A timer may fire a few milliseconds before the stopwatch says its time is up; 20 ms of slack still tells a
        // resend that honoured the 1 s Retry-After from one after the 10 ms back-off.
        Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(Stopwatch.GetElapsedTime(pair.First, pair.Second) >= TimeSpan.FromSeconds(0.98)));
    }

    [Fact]
    public async Task ADeliveryGivesUpRatherThanResendAfterItsEnd()
    {
        await using var server = await StartAsync(context => context.Response.StatusCode = 503);
        using var load = new LoadClient();
        var answers = 0;
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;

        var acknowledged = await CrmRetries.Standard.DeliverAsync(load, server.Url, Webhook(), until, _ => answers++, CancellationToken.None);

        Assert.False(acknowledged);
        Assert.Equal(1, answers);
    }

    private static PreparedRequest Webhook() => PreparedRequest.Webhook([GenericChange.Account("A-1", 1)], Secret);

    private static async Task<Server> StartAsync(Action<HttpContext> answer)
    {
        var url = new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context =>
        {
            answer(context);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return new Server(app, url);
    }

    private sealed record Server(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
