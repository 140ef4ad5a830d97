namespace CrmSync.Gateway.Webhooks;

/// <summary>Limits of the webhook endpoint, under <c>CrmSync:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "CrmSync:Webhooks";

    /// <summary>A larger body is refused with 413 before it is read to the end.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long the gateway waits for every change of a request to be durable before answering 503. Short, because a
    /// call to a silo that was killed mid-request is answered by nobody: the CRM is better served by a quick 503 and a
    /// resend (which a live silo takes) than by waiting, and some CRMs give up after as little as 5 s (crm-apis.md).
    /// </summary>
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long changes in flight still have to be stored once a silo is declared dead, before the gateway answers 503: a
    /// change caught on the dead silo is never answered (the Orleans client would wait for its response timeout), one on a
    /// live silo is stored well within this.
    /// </summary>
    public TimeSpan DeadSiloGrace { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The most changes this gateway has handed to record grains and not yet had answered. A request whose changes do not
    /// fit is answered 429 at once, with <see cref="RetryAfter"/>, and nothing of it is stored: past this point more
    /// changes in flight only queue inside the silo, where each waits longer and the CRM's resend after a time-out doubles
    /// the work (docs/benchmarks.md, §1 and §7). A request with more changes than the limit is taken only when nothing
    /// else is in flight.
    /// </summary>
    public int MaxChangesInFlight { get; set; } = 1000;

    /// <summary>
    /// The <c>Retry-After</c> of a webhook refused for now: 429 because <see cref="MaxChangesInFlight"/> changes are in
    /// flight, 503 because its changes could not be stored or read back from the CRM.
    /// </summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
