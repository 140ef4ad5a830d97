using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Generic;

/// <summary>
/// Any CRM that can send a signed HTTP request in our format (DESIGN.md §9): Generic sources, and Rest sources,
/// whose webhooks use the same format and signature.
/// </summary>
public sealed class GenericConnector(SourceKind kind, IOptionsMonitor<CrmSyncOptions> sync) : IWebhookConnector
{
    public SourceKind Kind => kind;

    public string? MissingWebhookCredentials(string source) => string.IsNullOrEmpty(Secret(source))
        ? $"Source '{source}' takes no webhooks until it has a secret: set CrmSync__Sources__{source}__Secret to 'whsec_' followed by base64 (24–64 random bytes)."
        : null;

    public void Verify(WebhookRequest request) =>
        StandardWebhookSignature.Verify(request.Headers, request.Body, Secret(request.Source), request.ReceivedAt);

    public Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(GenericChangeParser.Parse(request.Body, request.Entity));

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results) => WebhookAnswer.Outcomes(results);

    private string? Secret(string source) => sync.CurrentValue.Sources.GetValueOrDefault(source)?.Secret;
}
