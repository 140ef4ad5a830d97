namespace CrmSync.DataverseEmulator.Protection;

public enum ThrottleFacet
{
    Requests,
    ExecutionTime,
    Concurrency,
}

/// <param name="Refused">The facet that refused the request, or null when it may run.</param>
/// <param name="RetryAfterSeconds">When a slot frees up again; at least 1.</param>
public sealed record BudgetDecision(ThrottleFacet? Refused, int RetryAfterSeconds, int RequestsRemaining, double ExecutionSecondsRemaining);

/// <summary>
/// One user's use of the limits over a sliding window: the start times of the requests it admitted and the
/// execution time of those that finished, plus the requests in flight. Times are <see cref="TimeProvider"/> timestamps.
/// </summary>
public sealed class UserBudget
{
    private readonly Queue<long> admitted = new();
    private readonly Queue<(long At, long Duration)> executions = new();
    private readonly object gate = new();
    private long executionTotal;
    private int inFlight;

    public BudgetDecision TryEnter(ServiceProtectionLimits limits, long now, long frequency)
    {
        var window = limits.WindowSeconds * frequency;
        var executionLimit = limits.ExecutionSecondsPerWindow * frequency;
        lock (gate)
        {
            Forget(now - window);
            // The concurrency limit fails at once; the other two allow a request until the window is spent.
            var refusal = inFlight >= limits.MaxConcurrent ? (ThrottleFacet.Concurrency, 1)
                : admitted.Count >= limits.RequestsPerWindow ? (ThrottleFacet.Requests, Seconds(admitted.Peek() + window - now, frequency))
                : executionTotal >= executionLimit ? (ThrottleFacet.ExecutionTime, Seconds(ExecutionFreesAt(executionLimit) + window - now, frequency))
                : ((ThrottleFacet, int)?)null;
            if (refusal is null)
            {
                admitted.Enqueue(now);
                inFlight++;
            }

            return new BudgetDecision(
                refusal?.Item1,
                refusal?.Item2 ?? 0,
                Math.Max(0, limits.RequestsPerWindow - admitted.Count),
                Math.Max(0, (double)(executionLimit - executionTotal) / frequency));
        }
    }

    public void Exit(long now, long duration)
    {
        lock (gate)
        {
            inFlight--;
            executions.Enqueue((now, duration));
            executionTotal += duration;
        }
    }

    private void Forget(long before)
    {
        while (admitted.Count > 0 && admitted.Peek() <= before)
        {
            admitted.Dequeue();
        }

        while (executions.Count > 0 && executions.Peek().At <= before)
        {
            executionTotal -= executions.Dequeue().Duration;
        }
    }

    // The finish time of the oldest execution whose leaving the window brings the total back under the limit.
    private long ExecutionFreesAt(long limit)
    {
        var remaining = executionTotal;
        foreach (var (at, duration) in executions)
        {
            remaining -= duration;
            if (remaining < limit)
            {
                return at;
            }
        }

        return executions.Last().At;
    }

    private static int Seconds(long ticks, long frequency) => (int)Math.Max(1, Math.Ceiling((double)ticks / frequency));
}
