using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// HubSpot app webhooks: v3-signed arrays of events. A property change is a partial change merged per field at its
/// <c>occurredAt</c> (DESIGN.md §5); a deletion is a delete; creation, restore, merge and association events carry no
/// state, so their records are read back in batch reads.
/// </summary>
public sealed class HubSpotConnector(IOptionsMonitor<HubSpotSourceOptions> sources, SourceMappings mappings, HubSpotClient client) : IWebhookConnector
{
    public SourceKind Kind => SourceKind.HubSpot;

    public string? MissingWebhookCredentials(string source) => string.IsNullOrEmpty(sources.Get(source).ClientSecret)
        ? $"Source '{source}' takes no webhooks until it has the app's client secret: set CrmSync__Sources__{source}__ClientSecret."
        : null;

    public void Verify(WebhookRequest request) => HubSpotSignature.Verify(request, sources.Get(request.Source).ClientSecret!);

    public async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var options = sources.Get(request.Source);
        var events = HubSpotEventParser.Parse(request.Body);
        var changes = events.Select(e => e.Action switch
        {
            HubSpotAction.Delete => Task.FromResult<RecordChange?>(new RecordChange(e.Entity, e.Id, ChangeOperation.Delete, HubSpotRecords.At(e.OccurredAt), [])),
            HubSpotAction.PropertyChange => Task.FromResult(PropertyChange(request.Source, options, e)),
            _ => ReadBackAsync(request.Source, e, cancellationToken),
        }).ToList();
        return [.. (await Task.WhenAll(changes)).OfType<RecordChange>()];
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results) => TypedResults.NoContent();

    /// <summary>The columns the property maps to, at the event's instant; null when no column comes from it.</summary>
    private RecordChange? PropertyChange(string source, HubSpotSourceOptions options, HubSpotEvent e)
    {
        var mapping = mappings.For(source, SourceKind.HubSpot, e.Entity);
        using var partial = JsonDocument.Parse($"{{\"properties\":{{{JsonSerializer.Serialize(e.PropertyName)}:{e.PropertyValueJson}}}}}");
        var fields = mapping.ApplyPresent(partial.RootElement, (column, what) => new WebhookFormatException($"{e.Entity} {e.Id}: {column} {what}."));
        if (fields.Count == 0)
        {
            return null;
        }

        fields[RecordFields.SourceUrl] = JsonSerializer.Serialize(HubSpotObjects.Link(options, e.Entity, e.Id));
        return new RecordChange(e.Entity, e.Id, ChangeOperation.Upsert, HubSpotRecords.At(e.OccurredAt), fields);
    }

    /// <summary>The record as HubSpot has it now; gone means deleted, as of the event.</summary>
    private async Task<RecordChange?> ReadBackAsync(string source, HubSpotEvent e, CancellationToken cancellationToken) =>
        await client.ReadBackAsync(source, e.Entity, e.Id, cancellationToken)
        ?? new RecordChange(e.Entity, e.Id, ChangeOperation.Delete, HubSpotRecords.At(e.OccurredAt), []);
}
