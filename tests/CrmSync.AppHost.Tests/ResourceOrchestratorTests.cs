using System.Net;
using System.Net.Sockets;
using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class ResourceOrchestratorTests
{
    private readonly LogCollector _log = new();

    [Fact]
    public async Task StartsEachResourceOnlyAfterThePreviousOneIsHealthy()
    {
        await using var firstHealth = await HealthStub.StartAsync(statusCode: 503);
        await using var orchestrator = new ResourceOrchestrator(_log.Add);

        var starting = orchestrator.StartAsync([Shell.Spec("first", Shell.Sleeper, firstHealth.Url), Shell.Spec("second", Shell.Sleeper)]);
        await Task.Delay(600);
        Assert.Equal(["first"], orchestrator.Resources.Select(resource => resource.Name));
        firstHealth.StatusCode = 200;
        await starting;

        Assert.Equal(["first", "second"], orchestrator.Resources.Select(resource => resource.Name));
    }

    [Fact]
    public async Task StopsResourcesInReverseStartOrder()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("first", Shell.Graceful), Shell.Spec("second", Shell.Graceful)]);
        await _log.WaitForAsync("first", "ready");
        await _log.WaitForAsync("second", "ready");

        await orchestrator.StopAsync();

        var goodbyes = _log.Lines.Where(line => line.Text == "bye").Select(line => line.Resource);
        Assert.Equal(["second", "first"], goodbyes);
    }

    [Fact]
    public async Task StartsNothingWhenAnyResourcesPortIsTaken()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var orchestrator = new ResourceOrchestrator(_log.Add);

        var error = await Assert.ThrowsAsync<ResourceFailedException>(() =>
            orchestrator.StartAsync([Shell.Spec("first", Shell.Sleeper), Shell.Spec("second", Shell.Sleeper) with { Ports = [port] }]));

        Assert.Equal($"Port {port}, which resource 'second' needs, is already in use: stop whatever holds it, or choose another port.", error.Message);
        Assert.Empty(orchestrator.Resources);
    }

    [Fact]
    public async Task AFailedStartLeavesTheEarlierResourcesToStop()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        var failing = Shell.Spec("second", "exit 1", new Uri($"http://127.0.0.1:{Ports.Free()}/health"));

        await Assert.ThrowsAsync<ResourceFailedException>(() => orchestrator.StartAsync([Shell.Spec("first", Shell.Graceful), failing]));
        await orchestrator.StopAsync();

        Assert.All(orchestrator.Resources, resource => Assert.True(resource.HasExited));
    }

    [Fact]
    public async Task RestartStartsAnExitedResourceAgainInItsPlace()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("first", Shell.Sleeper), Shell.Spec("second", Shell.Graceful)]);
        await _log.WaitForAsync("second", "ready");
        var killedId = orchestrator.Resources[1].Id;
        await orchestrator.Resources[1].KillAsync();

        var restarted = await orchestrator.RestartAsync("second");

        Assert.NotEqual(killedId, restarted.Id);
        Assert.False(restarted.HasExited);
        Assert.Equal(["first", "second"], orchestrator.Resources.Select(resource => resource.Name));
        Assert.Same(restarted, orchestrator.Resources[1]);
    }

    [Fact]
    public async Task RestartStopsARunningResourceBeforeStartingItAgain()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("only", Shell.Graceful)]);
        await _log.WaitForAsync("only", "ready");
        var previous = orchestrator.Resources[0];

        await orchestrator.RestartAsync("only");

        Assert.Equal(0, await previous.Exited);
        Assert.Contains(new ResourceLogLine("only", "bye"), _log.Lines);
        Assert.False(orchestrator.Resources[0].HasExited);
    }

    [Fact]
    public async Task RestartWaitsForTheHealthOfTheNewProcess()
    {
        await using var health = await HealthStub.StartAsync(statusCode: 200);
        await using var orchestrator = new ResourceOrchestrator(_log.Add) { HealthTimeout = TimeSpan.FromSeconds(20) };
        await orchestrator.StartAsync([Shell.Spec("probe", Shell.Sleeper, health.Url)]);
        health.StatusCode = 503;

        var restarting = orchestrator.RestartAsync("probe");
        await Task.Delay(600);
        Assert.False(restarting.IsCompleted);
        health.StatusCode = 200;

        await restarting;
    }

    [Fact]
    public async Task RestartRefusesAResourceThatWasNeverStarted()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("only", Shell.Sleeper)]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => orchestrator.RestartAsync("other"));

        Assert.StartsWith("No resource named 'other' has been started.", error.Message);
    }

    [Fact]
    public async Task WhenAnyExitsReturnsTheResourceThatExited()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("steady", Shell.Sleeper), Shell.Spec("brief", "sleep 0.3; exit 5")]);

        var exited = await orchestrator.WhenAnyExitsAsync(CancellationToken.None);

        Assert.Equal("brief", exited?.Name);
        Assert.Equal(5, await exited!.Exited);
    }

    [Fact]
    public async Task WhenAnyExitsReturnsNullWhenCancelledFirst()
    {
        await using var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("steady", Shell.Sleeper)]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.Null(await orchestrator.WhenAnyExitsAsync(cancel.Token));
    }

    [Fact]
    public async Task DisposingStopsEveryResource()
    {
        var orchestrator = new ResourceOrchestrator(_log.Add);
        await orchestrator.StartAsync([Shell.Spec("first", Shell.Sleeper), Shell.Spec("second", Shell.Sleeper)]);
        var resources = orchestrator.Resources.ToList();

        await orchestrator.DisposeAsync();

        Assert.All(resources, resource => Assert.True(resource.HasExited));
    }
}
