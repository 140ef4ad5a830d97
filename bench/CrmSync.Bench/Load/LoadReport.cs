namespace CrmSync.Bench.Load;

/// <summary>What one load phase did: how many requests got which answer, in how long, with which latencies.</summary>
/// <param name="Succeeded">Answered 2xx.</param>
/// <param name="Failed">Answered, but not 2xx.</param>
/// <param name="Errors">No answer: refused, reset or timed out.</param>
/// <param name="Latency">Of the 2xx answers, from when each request was due (open loop) or sent (closed loop).</param>
public sealed record LoadReport(
    long Succeeded,
    long Failed,
    long Errors,
    TimeSpan Elapsed,
    LatencySummary Latency,
    IReadOnlyDictionary<int, long> Statuses,
    string? FirstFailure)
{
    public long Requests => Succeeded + Failed + Errors;

    public double SucceededPerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    /// <summary>"12 answered 503, 3 errors (first: …)", or "none".</summary>
    public string DescribeFailures() =>
        Failed + Errors == 0
            ? "none"
            : string.Join(", ", Statuses.Where(status => status.Key is < 200 or >= 300).Select(status => $"{status.Value} answered {status.Key}")
                .Concat(Errors > 0 ? [$"{Errors} without an answer"] : [])) + $" (first: {FirstFailure})";
}
