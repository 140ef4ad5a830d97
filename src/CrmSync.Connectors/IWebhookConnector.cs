using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors;

/// <summary>
/// What a CRM kind needs to turn its webhook into record changes. One implementation per folder; the gateway does
/// the rest (routes, body limits, problem responses, handing changes to record grains).
/// </summary>
public interface IWebhookConnector
{
    SourceKind Kind { get; }

    /// <summary>
    /// Null when the source has the credentials its webhooks are checked with; otherwise a sentence naming the setting
    /// it lacks. A pull-only source starts without them, and its webhook endpoint answers 401 with that sentence.
    /// </summary>
    string? MissingWebhookCredentials(string source);

    /// <summary>Checks that the request comes from the source; throws <see cref="WebhookRejectedException"/> when not.</summary>
    void Verify(WebhookRequest request);

    /// <summary>
    /// The request's changes. Where a notification carries no trustworthy state or version, the connector reads the
    /// records back from the CRM (in batches) and returns what it read. Throws <see cref="WebhookFormatException"/>
    /// when the body is not what the source sends, and <see cref="SourceReadException"/> when a read-back failed
    /// (the gateway answers 503 and the CRM sends again).
    /// </summary>
    Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken);

    /// <summary>The 2xx answer the source expects once every change is durable.</summary>
    IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results);
}

/// <summary>
/// A webhook as the gateway received it. <paramref name="Entity"/> is set when the URL names it
/// (<c>/webhooks/{source}/account</c>); <paramref name="Url"/> is the URL the sender called, rebuilt from the
/// forwarded headers behind a proxy, for signatures that cover it.
/// </summary>
public sealed record WebhookRequest(
    string Source,
    string Method,
    Uri Url,
    IHeaderDictionary Headers,
    byte[] Body,
    string? Entity,
    DateTimeOffset ReceivedAt);

/// <summary>A change and what its record grain decided.</summary>
public sealed record ChangeResult(RecordChange Change, AcceptOutcome Outcome);

/// <summary>The request is not authentic (401).</summary>
public sealed class WebhookRejectedException(string message) : Exception(message);

/// <summary>The request is authentic but its body is not valid (400).</summary>
public sealed class WebhookFormatException(string message) : Exception(message);
