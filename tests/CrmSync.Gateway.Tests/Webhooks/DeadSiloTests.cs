using System.Diagnostics;
using CrmSync.Abstractions;
using CrmSync.Gateway.Tests.Support;
using CrmSync.Gateway.Webhooks;
using CrmSync.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Gateway.Tests.Webhooks;

/// <summary>
/// Changes in flight when a silo is declared dead (CrmSync:Webhooks:DeadSiloGrace): one caught on the dead silo is never
/// answered by its grain, so the gateway answers 503 once the grace has passed instead of at the accept timeout.
/// </summary>
public sealed class DeadSiloTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    private readonly RecordGrainsDouble _grains = new();
    private readonly TaskCompletionSource<AcceptOutcome> _neverAnswered = new();
    private readonly TaskCompletionSource<AcceptOutcome> _answeredLate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InProcessGateway _gateway = null!;

    private SiloDeaths Deaths => _gateway.Services.GetRequiredService<SiloDeaths>();

    public async Task InitializeAsync()
    {
        _grains.Accept = change => change.SourceId switch
        {
            "caught" => _neverAnswered.Task,
            "late" => _answeredLate.Task,
            _ => Task.FromResult(AcceptOutcome.Accepted),
        };
        _gateway = await InProcessGateway.StartAsync(_grains, new Dictionary<string, string?>
        {
            ["AcceptTimeout"] = "00:01:00",
            ["DeadSiloGrace"] = $"{Grace}",
        });
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task AChangeCaughtOnASiloDeclaredDeadIsAnswered503AfterTheGraceNotAtTheAcceptTimeout()
    {
        var sending = _gateway.Webhooks.SendAsync(GenericChange.Account("caught", 1, new { name = "Caught" }));
        await UntilReceivedAsync(1);
        var declared = Stopwatch.StartNew();

        Deaths.Declared();
        var response = await sending.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1)), (response.Status, response.RetryAfter));
        Assert.InRange(declared.Elapsed, Grace - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AChangeStoredWithinTheGraceAfterADeathIsAcknowledged()
    {
        var sending = _gateway.Webhooks.SendAsync(GenericChange.Account("late", 1, new { name = "Late" }));
        await UntilReceivedAsync(1);

        Deaths.Declared();
        _answeredLate.SetResult(AcceptOutcome.Accepted);
        var response = await sending.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(response.IsSuccess, response.ToString());
    }

    [Fact]
    public async Task ADeathDeclaredBeforeARequestDoesNotShortenItsWait()
    {
        Deaths.Declared();
        var sending = _gateway.Webhooks.SendAsync(GenericChange.Account("late", 1, new { name = "Late" }));
        await UntilReceivedAsync(1);
        await Task.Delay(Grace * 3);

        _answeredLate.SetResult(AcceptOutcome.Accepted);
        var response = await sending.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(response.IsSuccess, response.ToString());
    }

    private Task UntilReceivedAsync(int count) => Eventually.MatchesAsync(
        () => Task.FromResult(_grains.Received.Count), received => received == count, $"{count} changes to reach their grains");
}
