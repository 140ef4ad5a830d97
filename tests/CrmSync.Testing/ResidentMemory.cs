using System.Diagnostics;

namespace CrmSync.Testing;

/// <summary>
/// The resident memory (VmRSS, from /proc) of each named process, sampled at a fixed interval from <see cref="Watch"/>
/// until disposed, so that a phase can say how high each process went while it ran and a long run can fit a trend. The
/// process ids are asked for again at every sample, so a restarted process is followed to its new id; each sample keeps
/// the id it was read from, since a new process starts its memory afresh. Where there is no /proc, or a process has gone,
/// it has no figure rather than a wrong one.
/// </summary>
public sealed class ResidentMemory : IAsyncDisposable
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly Func<IReadOnlyDictionary<string, int>> _processes;
    private readonly Dictionary<string, List<RssSample>> _samples = [];
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private ResidentMemory(Func<IReadOnlyDictionary<string, int>> processes, TimeSpan interval)
    {
        _processes = processes;
        Sample();
        _sampling = SampleAsync(interval);
    }

    /// <summary>Watches processes that keep their ids for the watch's length, every 250 ms.</summary>
    public static ResidentMemory Watch(IReadOnlyDictionary<string, int> processes) => new(() => processes, DefaultInterval);

    /// <summary>Watches the processes <paramref name="processes"/> names at each sample, following restarts.</summary>
    public static ResidentMemory Watch(Func<IReadOnlyDictionary<string, int>> processes, TimeSpan interval) => new(processes, interval);

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

    /// <summary>MiB resident when the watch began, or null.</summary>
    public double? StartMib(string process) => Samples(process) is [var first, ..] ? first.Bytes / Mib : null;

    /// <summary>The most MiB resident at any sample so far, or null.</summary>
    public double? PeakMib(string process) => Samples(process) is { Count: > 0 } samples ? samples.Max(s => s.Bytes) / Mib : null;

    /// <summary>
    /// The peak of the second half of the samples over the peak of the first half, or null: memory that stays flat under
    /// a steady load is near 1 however high the warm-up took it, memory that queues work grows with every second.
    /// </summary>
    public double? LateOverEarlyPeak(string process) =>
        Samples(process) is { Count: >= 4 } samples
            ? (double)samples.Skip(samples.Count / 2).Max(s => s.Bytes) / samples.Take(samples.Count / 2).Max(s => s.Bytes)
            : null;

    /// <summary>The most the process (as last sampled) has held resident since it started (VmHWM), or null.</summary>
    public long? HighWaterBytes(string process) =>
        Samples(process) is [.., var last] ? StatusBytes(last.Pid, "VmHWM:") : null;

    /// <summary><see cref="HighWaterBytes"/> in MiB.</summary>
    public double? HighWaterMib(string process) => HighWaterBytes(process) / Mib;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private const double Mib = 1024.0 * 1024;

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
            if (StatusBytes(pid, "VmRSS:") is not { } bytes)
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

    /// <summary>A size field of /proc/&lt;pid&gt;/status in bytes, or null when there is none or the process has gone.</summary>
    private static long? StatusBytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>One reading of a process's resident memory: which process (id), when since the watch began, how many bytes.</summary>
public sealed record RssSample(int Pid, TimeSpan At, long Bytes);
