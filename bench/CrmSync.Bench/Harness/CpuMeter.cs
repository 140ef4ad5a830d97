namespace CrmSync.Bench.Harness;

/// <summary>
/// CPU seconds spent, between <see cref="Start"/> and <see cref="Stop"/>, by each named process, by this harness and by
/// the rest of the machine (other helpers' builds and tests share it), read from /proc. Where there is no /proc, or a
/// process has gone, its figure is missing rather than wrong.
/// </summary>
public sealed class CpuMeter
{
    public const string Harness = "harness";

    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on every Linux the harness runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly Dictionary<string, int> _processes;
    private readonly Dictionary<string, long> _startTicks;
    private readonly (long Busy, long Idle)? _machineStart;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private CpuMeter(Dictionary<string, int> processes)
    {
        _processes = processes;
        _startTicks = processes.Select(process => (process.Key, Ticks: ProcessTicks(process.Value)))
            .Where(process => process.Ticks is not null)
            .ToDictionary(process => process.Key, process => process.Ticks!.Value);
        _machineStart = MachineTicks();
    }

    public static CpuMeter Start(IReadOnlyDictionary<string, int> processes) =>
        new(new Dictionary<string, int>(processes) { [Harness] = Environment.ProcessId });

    public CpuUsage Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var seconds = new Dictionary<string, double>();
        foreach (var (name, pid) in _processes)
        {
            if (_startTicks.TryGetValue(name, out var start) && ProcessTicks(pid) is { } end)
            {
                seconds[name] = (end - start) / TicksPerSecond;
            }
        }

        double? other = null, idle = null;
        if (_machineStart is { } machineStart && MachineTicks() is { } machineEnd)
        {
            other = Math.Max(0, (machineEnd.Busy - machineStart.Busy) / TicksPerSecond - seconds.Values.Sum());
            idle = (machineEnd.Idle - machineStart.Idle) / TicksPerSecond;
        }

        return new CpuUsage(wall, seconds, other, idle);
    }

    /// <summary>utime + stime of the process: fields 14 and 15 of /proc/&lt;pid&gt;/stat, counted after the command name's closing parenthesis.</summary>
    private static long? ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The machine's busy and idle time from the first line of /proc/stat (user nice system idle iowait irq softirq steal).</summary>
    private static (long Busy, long Idle)? MachineTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7], fields[3] + fields[4]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <param name="ProcessSeconds">CPU seconds of each named process (the system's resources and the harness).</param>
/// <param name="OtherSeconds">CPU seconds of every other process on the machine.</param>
public sealed record CpuUsage(double WallSeconds, IReadOnlyDictionary<string, double> ProcessSeconds, double? OtherSeconds, double? IdleSeconds)
{
    /// <summary>CPU seconds per wall-clock second: 2.0 is both cores of a 2-core machine.</summary>
    public double CoresOf(string name) => ProcessSeconds.TryGetValue(name, out var seconds) && WallSeconds > 0 ? seconds / WallSeconds : double.NaN;

    /// <summary>"gateway 0.62, silo 0.81, …" in cores.</summary>
    public override string ToString() => string.Join(", ",
        ProcessSeconds.Select(process => $"{process.Key} {process.Value / WallSeconds:0.00}")
            .Concat(OtherSeconds is { } other ? [$"other processes {other / WallSeconds:0.00}"] : [])
            .Concat(IdleSeconds is { } idle ? [$"idle {idle / WallSeconds:0.00}"] : [])) + " cores";
}
