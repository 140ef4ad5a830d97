using System.Diagnostics;
using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class ResourceProcessTests
{
    private readonly LogCollector _log = new();

    [Fact]
    public async Task StreamsEveryOutputLineUnderTheResourceName()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", "echo to-stdout; echo to-stderr >&2"), _log.Add);

        Assert.Equal(0, await process.Exited);
        Assert.Contains(new ResourceLogLine("probe", "to-stdout", IsError: false), _log.Lines);
        Assert.Contains(new ResourceLogLine("probe", "to-stderr", IsError: true), _log.Lines);
    }

    [Fact]
    public async Task ChildGetsExactlyTheSpecEnvironment()
    {
        var environment = new Dictionary<string, string>(Shell.MinimalEnvironment) { ["GREETING"] = "hello" };

        await using var process = ResourceProcess.Start(Shell.Spec("probe", "echo \"$GREETING ${HOME-unset}\"", environment: environment), _log.Add);

        await process.Exited;
        Assert.Contains(new ResourceLogLine("probe", "hello unset"), _log.Lines);
    }

    [Fact]
    public async Task ChildRunsInTheSpecWorkingDirectory()
    {
        using var directory = new TempDirectory();
        var spec = Shell.Spec("probe", "pwd") with { WorkingDirectory = directory.Path };

        await using var process = ResourceProcess.Start(spec, _log.Add);

        await process.Exited;
        Assert.Contains(new ResourceLogLine("probe", directory.Path), _log.Lines);
    }

    [Fact]
    public void StartFailsNamingTheResourceWhenTheExecutableIsMissing()
    {
        var spec = Shell.Spec("probe", "") with { FileName = "/nonexistent/crmsync-binary" };

        var error = Assert.Throws<ResourceFailedException>(() => ResourceProcess.Start(spec));

        Assert.Equal("probe", error.Resource);
        Assert.StartsWith("Resource 'probe' could not start /nonexistent/crmsync-binary", error.Message);
    }

    [Fact]
    public async Task WaitUntilHealthyReturnsOnceTheHealthUrlAnswers200()
    {
        await using var health = await HealthStub.StartAsync(statusCode: 503);
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Sleeper, health.Url));

        var waiting = process.WaitUntilHealthyAsync(TimeSpan.FromSeconds(20));
        var patience = Stopwatch.StartNew();
        while (health.Requests < 2 && patience.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.True(health.Requests >= 2, "WaitUntilHealthy must keep asking while the answer is 503.");
        Assert.False(waiting.IsCompleted);
        health.StatusCode = 200;

        await waiting;
    }

    [Fact]
    public async Task WaitUntilHealthyFailsWithTheExitCodeAndLastLinesWhenTheProcessExits()
    {
        var spec = Shell.Spec("silo", "echo starting; echo 'disk on fire' >&2; exit 3", new Uri($"http://127.0.0.1:{Ports.Free()}/health"));
        await using var process = ResourceProcess.Start(spec);

        var error = await Assert.ThrowsAsync<ResourceFailedException>(() => process.WaitUntilHealthyAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal("silo", error.Resource);
        Assert.StartsWith($"Resource 'silo' exited with code 3 before answering GET {spec.HealthUrl} with 200.", error.Message);
        Assert.Contains("disk on fire", error.Message);
        Assert.Contains("starting", error.LastLines);
    }

    [Fact]
    public async Task WaitUntilHealthyFailsNamingTheUrlWhenTheResourceNeverAnswers()
    {
        var url = new Uri($"http://127.0.0.1:{Ports.Free()}/health");
        await using var process = ResourceProcess.Start(Shell.Spec("gateway", "echo still booting; exec sleep 30", url));

        var error = await Assert.ThrowsAsync<ResourceFailedException>(() => process.WaitUntilHealthyAsync(TimeSpan.FromSeconds(1)));

        Assert.StartsWith($"Resource 'gateway' did not answer GET {url} with 200 within 1 s", error.Message);
        Assert.Contains("still booting", error.Message);
    }

    [Fact]
    public async Task WaitUntilHealthyStopsWaitingWhenCancelled()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Sleeper, new Uri($"http://127.0.0.1:{Ports.Free()}/health")));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process.WaitUntilHealthyAsync(TimeSpan.FromSeconds(20), cancel.Token));
    }

    [Fact]
    public async Task StopAsksTheProcessToStopWithSigtermAndLetsItFinish()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Graceful), _log.Add);
        await _log.WaitForAsync("probe", "ready");

        await process.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await process.Exited);
        Assert.Contains(new ResourceLogLine("probe", "bye"), _log.Lines);
    }

    [Fact]
    public async Task StopKillsAProcessThatIgnoresSigtermOnceTheTimeoutPasses()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Stubborn), _log.Add);
        await _log.WaitForAsync("probe", "ready");
        var stopping = Stopwatch.StartNew();

        await process.StopAsync(TimeSpan.FromMilliseconds(500));

        Assert.Equal(128 + 9, await process.Exited);
        Assert.InRange(stopping.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        Assert.Contains(new ResourceLogLine("apphost", "probe did not stop within 0.5 s; killing it", IsError: true), _log.Lines);
    }

    [Fact]
    public async Task StopKillsAtOnceWhenKillingIsRequested()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Stubborn), _log.Add);
        await _log.WaitForAsync("probe", "ready");
        using var kill = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopping = Stopwatch.StartNew();

        await process.StopAsync(TimeSpan.FromSeconds(60), kill.Token);

        Assert.Equal(128 + 9, await process.Exited);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task KillEndsTheProcessAtOnceWithoutSigterm()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", Shell.Graceful), _log.Add);
        await _log.WaitForAsync("probe", "ready");

        await process.KillAsync();

        Assert.Equal(128 + 9, await process.Exited);
        Assert.DoesNotContain(new ResourceLogLine("probe", "bye"), _log.Lines);
    }

    [Fact]
    public async Task StoppingAnExitedProcessDoesNothing()
    {
        await using var process = ResourceProcess.Start(Shell.Spec("probe", "exit 4"));
        await process.Exited;

        await process.StopAsync();

        Assert.Equal(4, await process.Exited);
    }
}
