namespace CrmSync.Bench.Harness;

/// <summary>
/// The resident memory (VmRSS, from /proc) of each named process, sampled every 250 ms from <see cref="Watch"/> until
/// disposed, so that a phase can say how high each process went while it ran. Where there is no /proc, or a process has
/// gone, it has no figure rather than a wrong one.
/// </summary>
public sealed class ResidentMemory : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, int> _processes;
    private readonly Dictionary<string, List<long>> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private ResidentMemory(IReadOnlyDictionary<string, int> processes)
    {
        _processes = processes;
        Sample();
        _sampling = SampleAsync();
    }

    public static ResidentMemory Watch(IReadOnlyDictionary<string, int> processes) => new(processes);

    /// <summary>MiB resident when the watch began, or null.</summary>
    public double? StartMib(string process) => Read(process) is [var first, ..] ? first / Mib : null;

    /// <summary>The most MiB resident at any sample so far, or null.</summary>
    public double? PeakMib(string process) => Read(process) is { Count: > 0 } samples ? samples.Max() / Mib : null;

    /// <summary>
    /// The peak of the second half of the samples over the peak of the first half, or null: memory that stays flat under
    /// a steady load is near 1 however high the warm-up took it, memory that queues work grows with every second.
    /// </summary>
    public double? LateOverEarlyPeak(string process) =>
        Read(process) is { Count: >= 4 } samples ? (double)samples.Skip(samples.Count / 2).Max() / samples.Take(samples.Count / 2).Max() : null;

    /// <summary>The most the process has held resident since it started (VmHWM), in MiB, or null.</summary>
    public double? HighWaterMib(string process) =>
        _processes.TryGetValue(process, out var pid) ? StatusBytes(pid, "VmHWM:") / Mib : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private const double Mib = 1024.0 * 1024;

    private List<long>? Read(string process)
    {
        lock (_samples)
        {
            return _samples.TryGetValue(process, out var samples) ? [.. samples] : null;
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
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
        foreach (var (name, pid) in _processes)
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

                samples.Add(bytes);
            }
        }
    }

    /// <summary>A size field of /proc/&lt;pid&gt;/status in bytes, or null when there is none or the process has gone.</summary>
    internal static long? StatusBytes(int pid, string field)
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
