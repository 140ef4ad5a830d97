using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class ResourceSupervisorTests
{
    private readonly LogCollector _log = new();

    [Fact]
    public async Task AKilledResourceIsStartedAgainInItsPlace()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("steady", Shell.Sleeper), Shell.Spec("worker", Shell.Graceful)]);
        using var stop = new CancellationTokenSource();
        var supervising = new ResourceSupervisor(orchestrator, _log.Add) { FirstDelay = TimeSpan.FromMilliseconds(100) }.RunAsync(stop.Token);
        var killed = orchestrator.Resources[1];

        await killed.KillAsync();

        await WaitUntilAsync(() => orchestrator.Resources[1] != killed && !orchestrator.Resources[1].HasExited);
        Assert.Contains(new ResourceLogLine(ResourceLogLine.AppHost, "worker exited with code 137"), _log.Lines);
        Assert.Contains(new ResourceLogLine(ResourceLogLine.AppHost, "restarting worker in 0.1 s"), _log.Lines);
        stop.Cancel();
        Assert.Null(await supervising);
        Assert.False(orchestrator.Resources[0].HasExited);
    }

    [Fact]
    public async Task AResourceThatKeepsExitingIsGivenUpAfterTooManyFailuresInARow()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("flaky", "exit 3")]);
        var supervisor = new ResourceSupervisor(orchestrator, _log.Add) { FirstDelay = TimeSpan.FromMilliseconds(10), MaxFailuresInARow = 3 };

        var failing = await supervisor.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("flaky", failing?.Name);
        Assert.Equal(3, _log.Lines.Count(line => line.Text.StartsWith("restarting flaky")));
        Assert.Contains(new ResourceLogLine(ResourceLogLine.AppHost, "flaky failed 3 times in a row; giving up on it"), _log.Lines);
    }

    [Fact]
    public async Task NothingIsRestartedOnceSupervisionIsCancelled()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("worker", Shell.Graceful)]);
        using var stop = new CancellationTokenSource();
        var supervising = new ResourceSupervisor(orchestrator, _log.Add) { FirstDelay = TimeSpan.FromSeconds(30) }.RunAsync(stop.Token);
        var killed = orchestrator.Resources[0];
        await killed.KillAsync();
        await _log.WaitForAsync(ResourceLogLine.AppHost, "restarting worker in 30 s");

        stop.Cancel();

        Assert.Null(await supervising);
        Assert.Same(killed, orchestrator.Resources[0]);
    }

    [Fact]
    public void TheBackOffDoublesUpToItsLimit()
    {
        var supervisor = new ResourceSupervisor(new ResourceOrchestrator(_ => { }), _ => { });

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(failures => supervisor.DelayBefore(failures).TotalSeconds));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The resource was not started again within 10 s.");
            await Task.Delay(20);
        }
    }
}
