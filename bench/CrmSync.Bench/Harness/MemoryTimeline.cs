namespace CrmSync.Bench.Harness;

/// <summary>
/// The resident memory (VmRSS) of each named process, sampled at a fixed interval from <see cref="Watch"/> until disposed.
/// The process ids are asked for again at every sample, so a restarted process is followed to its new id; each sample
/// keeps the id it was read from, since a new process starts its memory afresh.
/// </summary>
public sealed class MemoryTimeline : IAsyncDisposable
{
    private readonly Func<IReadOnlyDictionary<string, int>> _processes;
    private readonly Dictionary<string, List<RssSample>> _samples = [];
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private MemoryTimeline(Func<IReadOnlyDictionary<string, int>> processes, TimeSpan interval)
    {
        _processes = processes;
        Sample();
        _sampling = SampleAsync(interval);
    }

    public static MemoryTimeline Watch(Func<IReadOnlyDictionary<string, int>> processes, TimeSpan interval) => new(processes, interval);

    /// <summary>The processes sampled at least once, in the order first seen.</summary>
    public IReadOnlyList<string> Processes
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples.Keys];
            }
        }
    }

    /// <summary>The samples of <paramref name="process"/> so far, oldest first.</summary>
    public IReadOnlyList<RssSample> Samples(string process)
    {
        lock (_samples)
        {
            return _samples.TryGetValue(process, out var samples) ? [.. samples] : [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        IReadOnlyDictionary<string, int> processes;
        try
        {
            processes = _processes();
        }
        catch (InvalidOperationException)
        {
            // A resource is being restarted as we ask: this sample is skipped, the next one finds its new process.
            return;
        }

        var at = Stopwatch.GetElapsedTime(_startedAt);
        foreach (var (name, pid) in processes)
        {
            if (ResidentMemory.StatusBytes(pid, "VmRSS:") is not { } bytes)
            {
                continue;
            }

            lock (_samples)
            {
                if (!_samples.TryGetValue(name, out var samples))
                {
                    _samples[name] = samples = [];
                }

                samples.Add(new RssSample(pid, at, bytes));
            }
        }
    }
}

/// <summary>One reading of a process's resident memory: which process (id), when since the watch began, how many bytes.</summary>
public sealed record RssSample(int Pid, TimeSpan At, long Bytes);
