namespace CrmSync.AppHost.Orchestration;

/// <summary>
/// Keeps started resources running, as a cluster's scheduler would: when one exits on its own it is started again from
/// the same spec after a back-off (<see cref="FirstDelay"/>, doubling up to <see cref="MaxDelay"/>; back to the first
/// once it has run for <see cref="StableAfter"/>), until it has failed <see cref="MaxFailuresInARow"/> times in a row.
/// Restarts go through the orchestrator, so nothing else may restart resources while <see cref="RunAsync"/> runs.
/// </summary>
public sealed class ResourceSupervisor(ResourceOrchestrator orchestrator, Action<ResourceLogLine> log)
{
    private readonly Dictionary<string, (int Failures, long StartedAt)> _history = [];

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxFailuresInARow { get; init; } = 10;

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (null) or a resource cannot be kept running (that resource).</summary>
    public async Task<ResourceProcess?> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await orchestrator.WhenAnyExitsAsync(cancellationToken) is { } exited)
            {
                Report($"{exited.Name} exited with code {await exited.Exited}");
                if (!await RestartAsync(exited.Name, cancellationToken))
                {
                    return orchestrator.Resources.Single(resource => resource.Name == exited.Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>The back-off before restart number <paramref name="failures"/> in a row (from 1).</summary>
    public TimeSpan DelayBefore(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(failures - 1, 30))));

    private async Task<bool> RestartAsync(string name, CancellationToken cancellationToken)
    {
        var failures = _history.TryGetValue(name, out var last) && Stopwatch.GetElapsedTime(last.StartedAt) < StableAfter ? last.Failures : 0;
        while (true)
        {
            failures++;
            if (failures > MaxFailuresInARow)
            {
                Report($"{name} failed {MaxFailuresInARow} times in a row; giving up on it");
                return false;
            }

            var delay = DelayBefore(failures);
            Report($"restarting {name} in {delay.TotalSeconds:0.#} s");
            await Task.Delay(delay, cancellationToken);
            _history[name] = (failures, Stopwatch.GetTimestamp());
            try
            {
                await orchestrator.RestartAsync(name, cancellationToken);
                return true;
            }
            catch (ResourceFailedException e)
            {
                Report(e.Message);
            }
        }
    }

    private void Report(string text) => log(new ResourceLogLine(ResourceLogLine.AppHost, text));
}
