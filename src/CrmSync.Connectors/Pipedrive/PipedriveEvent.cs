using System.Text.Json;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// A webhooks v2 notification: <c>meta.action</c> create, change or delete of <c>meta.entity</c>; <c>data</c> is the
/// whole current record (null on delete) and <c>previous</c> the old values. A merge arrives as a delete of the merged
/// record and a change of the survivor, so it needs nothing of its own. Entities other than person and organization
/// are acknowledged and ignored.
/// </summary>
public static class PipedriveEvent
{
    /// <returns>The event's id (for duplicates) and its change, or no change for another entity.</returns>
    public static (string? EventId, RecordChange? Change) Parse(byte[] body, Func<string, PipedriveRecords> records)
    {
        using var document = WebhookJson.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException("The body is not a Pipedrive webhooks v2 notification: a JSON object with meta, data and previous; create the webhook with version \"2.0\".");
        }

        var eventId = meta.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var entity = Text(meta, "entity") switch
        {
            "person" => Entities.Contact,
            "organization" => Entities.Account,
            null => throw new WebhookFormatException("meta.entity is missing; Pipedrive names the record's kind there."),
            _ => null,
        };
        if (entity is null)
        {
            return (eventId, null);
        }

        ChangeVersion? timestamp = meta.TryGetProperty("timestamp", out var t) && PipedriveVersion.TryParse(t, out var parsed) ? parsed : null;
        var target = records(entity);
        var fail = (string problem) => new WebhookFormatException($"data: {problem}.");
        return (eventId, Text(meta, "action") switch
        {
            "create" or "change" when root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                => target.ToChange(data, timestamp, fail),
            "create" or "change" => throw new WebhookFormatException("data must be the record's object on create and change."),
            "delete" => new RecordChange(entity, RecordId(meta), ChangeOperation.Delete,
                timestamp ?? throw new WebhookFormatException("meta.timestamp must be Unix seconds or an ISO 8601 time on a delete, which has no data.update_time."), []),
            _ => throw new WebhookFormatException("meta.action must be create, change or delete."),
        });
    }

    private static string RecordId(JsonElement meta) =>
        (meta.TryGetProperty("entity_id", out var id) ? NumericId.Read(id) : null)
            ?? throw new WebhookFormatException("meta.entity_id must be the record's numeric id.");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
