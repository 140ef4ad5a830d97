namespace CrmSync.DataverseEmulator.Faults;

/// <summary>The <c>Emulator:Faults</c> section: latency and failures to inject into Web API requests, for tests and benchmarks.</summary>
public sealed class FaultOptions
{
    /// <summary>Added to every Web API request; it counts as execution time.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>The share (0 to 1) of Web API requests answered 503 or 500 before anything is written.</summary>
    public double ErrorRate { get; set; }

    /// <summary>When an outage begins; with <see cref="OutageSeconds"/> and no start, it begins when the emulator starts.</summary>
    public DateTimeOffset? OutageStart { get; set; }

    /// <summary>How long every Web API request is answered 503.</summary>
    public int OutageSeconds { get; set; }
}

/// <summary>The latency and error rate in force, replaceable at run time through <c>POST /emulator/faults</c>.</summary>
public sealed record FaultSettings(int LatencyMilliseconds, double ErrorRate)
{
    public IEnumerable<string> Problems()
    {
        if (LatencyMilliseconds < 0)
        {
            yield return $"LatencyMilliseconds is {LatencyMilliseconds}; it must be 0 or more.";
        }

        if (ErrorRate is < 0 or > 1 || double.IsNaN(ErrorRate))
        {
            yield return $"ErrorRate is {ErrorRate}; it must be between 0 and 1.";
        }
    }
}
