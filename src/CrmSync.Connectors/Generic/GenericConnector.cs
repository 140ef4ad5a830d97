using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Generic;

/// <summary>
/// Any CRM that can send a signed HTTP request in our format (DESIGN.md §9): Generic sources, and Rest sources,
/// whose webhooks use the same format and signature.
/// </summary>
public sealed class GenericConnector(SourceKind kind) : IWebhookConnector
{
    public SourceKind Kind => kind;

    public void Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, SourceOptions source, DateTimeOffset now) =>
        StandardWebhookSignature.Verify(headers, body, source.Secret, now);

    public IReadOnlyList<RecordChange> Parse(ReadOnlySpan<byte> body) => GenericChangeParser.Parse(body);

    public IResult Acknowledge(IReadOnlyList<ChangeResult> results) => TypedResults.Ok(new
    {
        results = results.Select(r => new
        {
            entity = r.Change.Entity,
            id = r.Change.SourceId,
            outcome = r.Outcome.ToString().ToLowerInvariant(),
        }),
    });
}
