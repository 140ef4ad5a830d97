namespace CrmSync.Connectors.Shared;

/// <summary>How long one request to a CRM's API may wait and retry before the caller is told it failed.</summary>
public sealed record CrmRetryPolicy
{
    /// <summary>The most one request waits in all on 429 and 503; a source that throttles longer is better resumed later.</summary>
    public TimeSpan MaxThrottleWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait after a 429 or 503 without Retry-After; it doubles up to <see cref="MaxDefaultThrottleWait"/>.</summary>
    public TimeSpan DefaultThrottleWait { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDefaultThrottleWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries after a network error, a time-out or another 5xx, each after twice the previous wait.</summary>
    public int TransientRetries { get; init; } = 4;

    public TimeSpan TransientBackOff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Read-backs for a webhook run while the CRM waits for its answer, so they give up sooner than a sync job's page
    /// reads: the gateway then answers 503 and the CRM sends the notification again.
    /// </summary>
    public CrmRetryPolicy ForReadBack() => this with
    {
        MaxThrottleWait = Min(MaxThrottleWait, TimeSpan.FromSeconds(20)),
        MaxDefaultThrottleWait = Min(MaxDefaultThrottleWait, TimeSpan.FromSeconds(5)),
        TransientRetries = Math.Min(TransientRetries, 3),
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
