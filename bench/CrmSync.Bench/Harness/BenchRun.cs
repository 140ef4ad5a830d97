namespace CrmSync.Bench.Harness;

/// <summary>What a scenario works with: the system under test, the shared load client, the clock and the progress log.</summary>
public sealed class BenchRun(SystemUnderTest system, LoadClient load, bool quick, Action<string> progress)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public SystemUnderTest System => system;

    public LoadClient Load => load;

    /// <summary>Each scenario in well under a minute, for CI; otherwise the full run, by hand.</summary>
    public bool Quick => quick;

    /// <summary>How long a scenario that runs for a chosen time runs (<c>--minutes</c>), or null for its own default.</summary>
    public double? Minutes { get; init; }

    /// <summary>A line on standard error, so that standard output carries only the tables.</summary>
    public void Progress(string line) => progress($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}");

    /// <summary>CPU time of every process of the system, of this harness and of the rest of the machine from now on.</summary>
    public CpuMeter MeasureCpu() => CpuMeter.Start(system.Processes);
}
