namespace CrmSync.Connectors.Rest;

/// <summary>How long one page may wait for a REST source before the sync job stops (and can resume from that page).</summary>
public sealed record RestRetryPolicy
{
    /// <summary>The most a page waits in all on 429 and 503; a source that throttles longer is better resumed later.</summary>
    public TimeSpan MaxThrottleWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait after a 429 or 503 without Retry-After; it doubles up to <see cref="MaxDefaultThrottleWait"/>.</summary>
    public TimeSpan DefaultThrottleWait { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDefaultThrottleWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries after a network error, a time-out or another 5xx, each after twice the previous wait.</summary>
    public int TransientRetries { get; init; } = 4;

    public TimeSpan TransientBackOff { get; init; } = TimeSpan.FromSeconds(1);
}
