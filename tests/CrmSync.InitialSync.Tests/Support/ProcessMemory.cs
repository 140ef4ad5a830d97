namespace CrmSync.InitialSync.Tests.Support;

/// <summary>
/// A process's resident memory as Linux reports it in /proc: now (VmRSS) and at its peak (VmHWM), sampled while a test
/// runs so that the test can show whether memory stayed flat.
/// </summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly List<long> _samples = [];

    private ProcessMemory(int pid, TimeSpan interval)
    {
        _pid = pid;
        _sampling = SampleAsync(interval);
    }

    public static ProcessMemory Watch(int pid) => new(pid, TimeSpan.FromSeconds(1));

    /// <summary>Resident bytes at each sample, oldest first.</summary>
    public IReadOnlyList<long> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The most the process has held resident since it started.</summary>
    public long PeakBytes => Read("VmHWM:");

    public long CurrentBytes => Read("VmRSS:");

    public static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0} MiB";

    /// <summary>
    /// How much the second half of <paramref name="samples"/> rose above the first half's peak: memory that stays flat
    /// after the warm-up rises little, memory kept per record rises with every record. Reported, not asserted: the
    /// garbage collector's sizing under a loaded machine moves it by tens of MiB either way.
    /// </summary>
    public static string DescribeRise(IReadOnlyList<long> samples)
    {
        if (samples.Count < 2)
        {
            return "too few samples to compare the halves";
        }

        var half = samples.Count / 2;
        var firstPeak = samples.Take(half).Max();
        var secondPeak = samples.Skip(half).Max();
        return $"second half's peak {Mib(secondPeak)} against the first half's {Mib(firstPeak)} ({(secondPeak >= firstPeak ? "+" : "-")}{Mib(Math.Abs(secondPeak - firstPeak))})";
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
            do
            {
                var bytes = CurrentBytes;
                lock (_samples)
                {
                    _samples.Add(bytes);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Stopped, or the process is gone: the samples so far are the answer.
        }
    }

    private long Read(string field)
    {
        var line = File.ReadLines($"/proc/{_pid}/status").First(line => line.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
    }
}
