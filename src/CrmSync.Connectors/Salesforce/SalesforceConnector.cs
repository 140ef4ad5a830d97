using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// Salesforce's two push families on one endpoint, told apart by the body: CrmSync's Apex (JSON, whole records with
/// SystemModstamp, signed as Standard Webhooks with the source's Secret) and Outbound Messages (SOAP, checked by the
/// source's OrganizationId, taken as a hint: the records are read back through REST and the SOAP Ack is the answer).
/// </summary>
public sealed class SalesforceConnector(
    IOptionsMonitor<CrmSyncOptions> sync,
    IOptionsMonitor<SalesforceSourceOptions> sources,
    SourceMappings mappings,
    SalesforceReadBack readBack) : IWebhookConnector
{
    public SourceKind Kind => SourceKind.Salesforce;

    public string? MissingWebhookCredentials(string source) =>
        string.IsNullOrEmpty(Secret(source)) && string.IsNullOrEmpty(sources.Get(source).OrganizationId)
            ? $"Source '{source}' takes no webhooks until it has CrmSync__Sources__{source}__Secret (for CrmSync's Apex) or CrmSync__Sources__{source}__OrganizationId (for Outbound Messages)."
            : null;

    public void Verify(WebhookRequest request)
    {
        if (OutboundMessage.LooksLikeXml(request.Body))
        {
            var expected = SalesforceIds.Normalize(sources.Get(request.Source).OrganizationId)
                ?? throw new WebhookRejectedException($"Source '{request.Source}' takes no Outbound Messages until CrmSync__Sources__{request.Source}__OrganizationId is set to the org's id.");
            var (organizationId, _) = OutboundMessage.Parse(request.Body);
            if (!WebhookChecks.FixedTimeEquals(expected, organizationId))
            {
                throw new WebhookRejectedException($"The Outbound Message comes from org {organizationId}, not from the OrganizationId of source '{request.Source}'.");
            }

            return;
        }

        var secret = Secret(request.Source);
        if (string.IsNullOrEmpty(secret))
        {
            throw new WebhookRejectedException($"Source '{request.Source}' takes no signed Apex requests until CrmSync__Sources__{request.Source}__Secret is set, the same as the org's CrmSync Setting.");
        }

        StandardWebhookSignature.Verify(request.Headers, request.Body, secret, request.ReceivedAt);
    }

    public async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (OutboundMessage.LooksLikeXml(request.Body))
        {
            var (_, notifications) = OutboundMessage.Parse(request.Body);
            CheckEntity(request, notifications.Select(n => n.Entity));
            var reads = notifications.Distinct().Select(n => ReadBackAsync(request, n, cancellationToken));
            return await Task.WhenAll(reads);
        }

        var records = ApexBody.Parse(request.Body);
        CheckEntity(request, records.Select(r => r.Entity));
        var instanceUrl = sources.Get(request.Source).InstanceUrl ?? "";
        return [.. records.Select(record => record.ToChange(
            mappings.For(request.Source, SourceKind.Salesforce, record.Entity), instanceUrl, problem => new WebhookFormatException(problem)))];
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results) =>
        OutboundMessage.LooksLikeXml(request.Body)
            ? TypedResults.Text(OutboundMessage.Ack, "text/xml; charset=utf-8")
            : TypedResults.Ok(new
            {
                results = results.Select(r => new { entity = r.Change.Entity, id = r.Change.SourceId, outcome = r.Outcome.ToString().ToLowerInvariant() }),
            });

    /// <summary>Read back; a record Salesforce no longer returns is deleted, as of when the notification arrived.</summary>
    private async Task<RecordChange> ReadBackAsync(WebhookRequest request, OutboundNotification notification, CancellationToken cancellationToken) =>
        await readBack.ReadAsync(request.Source, notification.Entity, notification.Id, cancellationToken)
            ?? new RecordChange(notification.Entity, notification.Id, ChangeOperation.Delete, ChangeVersion.FromTimestamp(request.ReceivedAt), []);

    /// <summary>A URL that names the entity (<c>/webhooks/{source}/contact</c>) must agree with the records.</summary>
    private static void CheckEntity(WebhookRequest request, IEnumerable<string> entities)
    {
        if (request.Entity is { } named && entities.FirstOrDefault(entity => entity != named) is { } other)
        {
            throw new WebhookFormatException($"The URL names {named}, but the body holds a {other}; send it to /webhooks/{request.Source}/{other} or /webhooks/{request.Source}.");
        }
    }

    private string? Secret(string source) => sync.CurrentValue.Sources.GetValueOrDefault(source)?.Secret;
}
