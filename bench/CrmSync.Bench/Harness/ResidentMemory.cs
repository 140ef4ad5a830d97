namespace CrmSync.Bench.Harness;

/// <summary>
/// The resident memory (VmRSS, from /proc) of each named process, sampled every 250 ms from <see cref="Watch"/> until
/// disposed, so that a phase can say how high each process went while it ran. Where there is no /proc, or a process has
/// gone, it has no figure rather than a wrong one.
/// </summary>
public sealed class ResidentMemory : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, int> _processes;
    private readonly Dictionary<string, (long First, long Peak)> _seen = [];
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
    public double? StartMib(string process) => Read(process)?.First / Mib;

    /// <summary>The most MiB resident at any sample so far, or null.</summary>
    public double? PeakMib(string process) => Read(process)?.Peak / Mib;

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

    private (long First, long Peak)? Read(string process)
    {
        lock (_seen)
        {
            return _seen.TryGetValue(process, out var seen) ? seen : null;
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

            lock (_seen)
            {
                _seen[name] = _seen.TryGetValue(name, out var seen) ? (seen.First, Math.Max(seen.Peak, bytes)) : (bytes, bytes);
            }
        }
    }

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
