using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Zendesk's event-subscribed webhooks. The envelope's detail lacks names and phones, so every user or organization
/// event is read back through <c>show_many</c> in batches, and the record's <c>updated_at</c> is the version; a
/// membership event therefore re-parents the contact, or clears its parent when the user has no organization left.
/// <c>*.deleted</c> events, and records the API no longer has, are deletes. A redelivered event id costs nothing.
/// </summary>
public sealed class ZendeskConnector(IOptionsMonitor<CrmSyncOptions> sync, ZendeskClient client, SeenEventIds seen, TimeProvider clock) : IWebhookConnector
{
    private readonly ConcurrentDictionary<(string Source, string Entity), ReadBackBatcher> batchers = new();
    private readonly ConditionalWeakTable<WebhookRequest, string> eventIds = [];

    public SourceKind Kind => SourceKind.Zendesk;

    /// <summary>Read-back requests sent for a source and entity so far, for tests and telemetry.</summary>
    public long ReadBackRequests(string source, string entity) => batchers.TryGetValue((source, entity), out var batcher) ? batcher.Requests : 0;

    public string? MissingWebhookCredentials(string source) => string.IsNullOrEmpty(Secret(source))
        ? $"Source '{source}' takes no webhooks until it has the webhook's signing secret: set CrmSync__Sources__{source}__Secret to signing_secret.secret from GET /api/v2/webhooks/{{id}}/signing_secret."
        : null;

    public void Verify(WebhookRequest request) =>
        ZendeskSignature.Verify(request.Headers, request.Body, Secret(request.Source)!, request.ReceivedAt, client.Options(request.Source).SignatureWindow);

    public async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var notice = ZendeskEvent.Parse(request.Body);
        eventIds.AddOrUpdate(request, notice.EventId);
        if (notice.Entity is null || seen.Contains(request.Source, notice.EventId))
        {
            return [];
        }

        var delete = new RecordChange(notice.Entity, notice.RecordId!, ChangeOperation.Delete, notice.Version, []);
        if (notice.Deleted)
        {
            return [delete];
        }

        var current = await Batcher(request.Source, notice.Entity).ReadAsync(notice.RecordId!, cancellationToken);
        return [current ?? delete];
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results)
    {
        if (eventIds.TryGetValue(request, out var eventId))
        {
            seen.Add(request.Source, eventId);
        }

        return TypedResults.Ok(new { changes = results.Count });
    }

    private string? Secret(string source) => sync.CurrentValue.Sources.GetValueOrDefault(source)?.Secret is { Length: > 0 } secret ? secret : null;

    private ReadBackBatcher Batcher(string source, string entity) => batchers.GetOrAdd((source, entity), key =>
    {
        var options = client.Options(key.Source);
        return new ReadBackBatcher((ids, cancellation) => client.ReadManyAsync(key.Source, key.Entity, ids, cancellation), options.ReadBackBatch, options.ReadBackDelay, clock);
    });
}
