using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors;

/// <summary>
/// What a CRM kind needs to turn its webhook into record changes. One implementation per folder;
/// the gateway does the rest (body limits, problem responses, handing changes to record grains).
/// </summary>
public interface IWebhookConnector
{
    SourceKind Kind { get; }

    /// <summary>Checks that the request comes from the source; throws <see cref="WebhookRejectedException"/> when not.</summary>
    void Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, SourceOptions source, DateTimeOffset now);

    /// <summary>Parses the body; throws <see cref="WebhookFormatException"/> when it is not what the source sends.</summary>
    IReadOnlyList<RecordChange> Parse(ReadOnlySpan<byte> body);

    /// <summary>The 2xx answer the source expects once every change is durable.</summary>
    IResult Acknowledge(IReadOnlyList<ChangeResult> results);
}

/// <summary>A change and what its record grain decided.</summary>
public sealed record ChangeResult(RecordChange Change, AcceptOutcome Outcome);

/// <summary>The request is not authentic (401).</summary>
public sealed class WebhookRejectedException(string message) : Exception(message);

/// <summary>The request is authentic but its body is not valid (400).</summary>
public sealed class WebhookFormatException(string message) : Exception(message);
