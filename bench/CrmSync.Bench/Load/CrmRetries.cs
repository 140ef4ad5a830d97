namespace CrmSync.Bench.Load;

/// <summary>
/// How a CRM resends a webhook that was not acknowledged (429, 5xx, no answer): exponential back-off with jitter, and
/// never sooner than the Retry-After the gateway asked for. This is the Standard Webhooks guidance (specs/crm-apis.md),
/// with the first resend after one second rather than the minutes some CRMs wait, so that a one-minute phase sees resends.
/// </summary>
public sealed class CrmRetries(TimeSpan firstDelay, TimeSpan maxDelay)
{
    public static CrmRetries Standard { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>
    /// The wait before the resend that follows failed attempt <paramref name="attempt"/> (1 for the first send):
    /// <c>firstDelay × 2^(attempt-1)</c>, capped at <c>maxDelay</c>, spread by ±25% so that senders refused together do
    /// not come back together; then raised to <paramref name="retryAfter"/> when that is longer.
    /// </summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter, double random)
    {
        var exponential = firstDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        var backOff = (exponential < maxDelay ? exponential : maxDelay) * (0.75 + random / 2);
        return retryAfter is { } asked && asked > backOff ? asked : backOff;
    }

    /// <summary>
    /// Sends <paramref name="request"/> until it is acknowledged or <paramref name="until"/> (a Stopwatch timestamp) has
    /// passed, waiting between sends as <see cref="DelayAfter"/> says. <paramref name="answered"/> hears every answer.
    /// Returns whether it was acknowledged.
    /// </summary>
    public async Task<bool> DeliverAsync(LoadClient load, Uri baseUrl, PreparedRequest request, long until, Action<Answer> answered, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await load.SendOnceAsync(baseUrl, request, cancellationToken);
            answered(answer);
            if (answer.Succeeded)
            {
                return true;
            }

            var wait = DelayAfter(attempt, answer.RetryAfter, Random.Shared.NextDouble());
            if (Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency) >= until)
            {
                return false;
            }

            await Task.Delay(wait, cancellationToken);
        }
    }
}
