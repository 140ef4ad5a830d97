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
}
