namespace CrmSync.Testing.Processes;

/// <summary>Starts resources one after another, each healthy before the next starts, and stops them in reverse order.</summary>
public sealed class ResourceOrchestrator(Action<ResourceLogLine> log) : IAsyncDisposable
{
    private readonly List<ResourceProcess> _started = [];

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan StopTimeout { get; init; } = ResourceProcess.DefaultStopTimeout;

    /// <summary>The resources started so far, in start order.</summary>
    public IReadOnlyList<ResourceProcess> Resources => _started;

    /// <summary>Starts each resource and waits for its health; a failure throws and leaves the earlier ones running for <see cref="StopAsync"/>.</summary>
    public async Task StartAsync(IReadOnlyList<ResourceSpec> specs, CancellationToken cancellationToken = default)
    {
        // All up front: a taken port is found before anything starts, not after the first resources are up.
        foreach (var spec in specs)
        {
            PortCheck.EnsureFree(spec);
        }

        foreach (var spec in specs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var process = ResourceProcess.Start(spec, log);
            _started.Add(process);
            await WaitUntilReadyAsync(process, cancellationToken);
        }
    }

    /// <summary>
    /// Starts a started resource again from its spec, after stopping it if it still runs, and waits for its health.
    /// The new process takes the old one's place, so it is stopped with the others; a failure leaves it for <see cref="StopAsync"/>.
    /// </summary>
    public async Task<ResourceProcess> RestartAsync(string name, CancellationToken cancellationToken = default)
    {
        var index = _started.FindIndex(process => process.Name == name);
        if (index < 0)
        {
            throw new ArgumentException($"No resource named '{name}' has been started.", nameof(name));
        }

        var previous = _started[index];
        if (!previous.HasExited)
        {
            Report($"stopping {name}");
        }

        await previous.StopAsync(StopTimeout);
        await previous.DisposeAsync();
        PortCheck.EnsureFree(previous.Spec);

        var process = ResourceProcess.Start(previous.Spec, log);
        _started[index] = process;
        await WaitUntilReadyAsync(process, cancellationToken);
        return process;
    }

    /// <summary>Completes with the first resource to exit, or null when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<ResourceProcess?> WhenAnyExitsAsync(CancellationToken cancellationToken)
    {
        var first = new TaskCompletionSource<ResourceProcess?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancelled = cancellationToken.Register(() => first.TrySetResult(null));
        foreach (var process in _started)
        {
            _ = process.Exited.ContinueWith(_ => first.TrySetResult(process), TaskScheduler.Default);
        }

        return await first.Task;
    }

    /// <summary>Stops the started resources, last started first; <paramref name="kill"/> skips the grace period.</summary>
    public async Task StopAsync(CancellationToken kill = default)
    {
        foreach (var process in Enumerable.Reverse(_started).Where(process => !process.HasExited))
        {
            Report($"stopping {process.Name}");
            await process.StopAsync(StopTimeout, kill);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var process in _started)
        {
            await process.DisposeAsync();
        }
    }

    private async Task WaitUntilReadyAsync(ResourceProcess process, CancellationToken cancellationToken)
    {
        if (process.Spec.HealthUrl is not { } healthUrl)
        {
            Report($"started {process.Name} (pid {process.Id})");
            return;
        }

        var started = Stopwatch.StartNew();
        Report($"started {process.Name} (pid {process.Id}), waiting for {healthUrl}");
        await process.WaitUntilHealthyAsync(HealthTimeout, cancellationToken);
        Report($"{process.Name} is healthy after {started.Elapsed.TotalSeconds:0.0} s");
    }

    private void Report(string text) => log(new ResourceLogLine(ResourceLogLine.AppHost, text));
}
