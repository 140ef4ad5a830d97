using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// ServiceNow's two webhook families. A request signed as Standard Webhooks is CrmSync's business rule, checked with
/// the source's Secret and taken as it is; one with HTTP Basic credentials is one of Microsoft's scripts, checked with
/// WebhookUsername/WebhookPassword and read back through the Table API in batches.
/// </summary>
public sealed class ServiceNowConnector(IOptionsMonitor<CrmSyncOptions> sync, ServiceNowClient client, TimeProvider clock) : IWebhookConnector
{
    private readonly ConcurrentDictionary<(string Source, string Entity), ReadBackBatcher> batchers = new();

    public SourceKind Kind => SourceKind.ServiceNow;

    /// <summary>Read-back requests sent for a source and entity so far, for tests and telemetry.</summary>
    public long ReadBackRequests(string source, string entity) => batchers.TryGetValue((source, entity), out var batcher) ? batcher.Requests : 0;

    public string? MissingWebhookCredentials(string source) =>
        string.IsNullOrEmpty(Secret(source)) && !client.Options(source).TakesMicrosoftScripts
            ? $"Source '{source}' takes no webhooks until it has credentials: set CrmSync__Sources__{source}__Secret for CrmSync's business rule, or __WebhookUsername and __WebhookPassword for Microsoft's scripts."
            : null;

    public void Verify(WebhookRequest request)
    {
        if (IsSigned(request.Headers))
        {
            var secret = Secret(request.Source)
                ?? throw new WebhookRejectedException($"The request is signed, but source '{request.Source}' has no Secret to check it with; set CrmSync__Sources__{request.Source}__Secret to the business rule's x_crmsync.secret.");
            StandardWebhookSignature.Verify(request.Headers, request.Body, secret, request.ReceivedAt);
            return;
        }

        var options = client.Options(request.Source);
        if (!options.TakesMicrosoftScripts)
        {
            throw new WebhookRejectedException($"The request is not signed ({StandardWebhookSignature.SignatureHeader}); CrmSync's business rule signs with the source's Secret, and Microsoft's scripts are taken only once WebhookUsername and WebhookPassword are set.");
        }

        WebhookChecks.VerifyBasic(request.Headers, options.WebhookUsername!, options.WebhookPassword ?? "");
    }

    public async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (IsSigned(request.Headers))
        {
            return [CrmSyncRuleBody.Parse(request.Body, request.Entity, client.Options(request.Source), entity => client.Records(request.Source, entity))];
        }

        return await MicrosoftScriptBody.ParseAsync(request, (entity, sysId, cancellation) => Batcher(request.Source, entity).ReadAsync(sysId, cancellation), cancellationToken);
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results) => WebhookAnswer.Outcomes(results);

    private static bool IsSigned(IHeaderDictionary headers) => headers.ContainsKey(StandardWebhookSignature.SignatureHeader);

    private string? Secret(string source) => sync.CurrentValue.Sources.GetValueOrDefault(source)?.Secret is { Length: > 0 } secret ? secret : null;

    private ReadBackBatcher Batcher(string source, string entity) => batchers.GetOrAdd((source, entity), key =>
    {
        var options = client.Options(key.Source);
        return new ReadBackBatcher((ids, cancellation) => client.ReadManyAsync(key.Source, key.Entity, ids, cancellation), options.ReadBackBatch, options.ReadBackDelay, clock);
    });
}
