using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Webhooks;

/// <summary>
/// The changes this gateway has handed to record grains and not yet had answered, bounded by
/// <see cref="WebhookOptions.MaxChangesInFlight"/>: one permit per change, no queue, so a request that does not fit is
/// refused at once instead of waiting behind the others.
/// </summary>
public sealed class ChangesInFlight : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public ChangesInFlight(IOptions<WebhookOptions> options)
    {
        Limit = options.Value.MaxChangesInFlight;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Limit, QueueLimit = 0 });
    }

    public int Limit { get; }

    public long Count => Limit - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? Limit);

    /// <summary>No change would fit: a request can be refused before its body is read, verified and parsed.</summary>
    public bool IsFull => _limiter.GetStatistics()?.CurrentAvailablePermits == 0;

    /// <summary>
    /// Room for <paramref name="changes"/> changes, or null. A request larger than the whole limit takes all of it, so it
    /// goes only when nothing else is in flight; an empty one takes one permit, so it too is refused when all are taken.
    /// </summary>
    public RateLimitLease? TryEnter(int changes)
    {
        var lease = _limiter.AttemptAcquire(Math.Clamp(changes, 1, Limit));
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
