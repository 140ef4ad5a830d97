using System.Text.Json;

namespace CrmSync.Connectors.Zendesk;

/// <summary>What CrmSync needs of an event-subscribed webhook's envelope; <c>detail</c> is only a hint, never the state.</summary>
/// <param name="Entity">account for <c>zen:event-type:organization.*</c>, contact for <c>zen:event-type:user.*</c>; null for other events.</param>
/// <param name="Deleted">A <c>*.deleted</c> event.</param>
/// <param name="Version">The time the event says the record changed: the later of <c>detail.updated_at</c> and <c>time</c>.</param>
public sealed record ZendeskEvent(string EventId, string Type, string? Entity, string? RecordId, bool Deleted, ChangeVersion Version)
{
    private const string TypePrefix = "zen:event-type:";

    public static ZendeskEvent Parse(byte[] body)
    {
        using var document = WebhookJson.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException("The body is not a Zendesk event: a JSON object with type, id, time, subject and detail.");
        }

        var eventId = Text(root, "id") ?? throw new WebhookFormatException("The event has no \"id\"; Zendesk sends a unique id with every event.");
        var type = Text(root, "type") is { } t && t.StartsWith(TypePrefix, StringComparison.Ordinal)
            ? t
            : throw new WebhookFormatException($"\"type\" must be a Zendesk event type such as {TypePrefix}user.created; subscribe the webhook to user and organization events.");
        var entity = type.StartsWith($"{TypePrefix}user.", StringComparison.Ordinal) ? Entities.Contact
            : type.StartsWith($"{TypePrefix}organization.", StringComparison.Ordinal) ? Entities.Account
            : null;
        if (entity is null)
        {
            return new ZendeskEvent(eventId, type, null, null, false, default);
        }

        var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object
            ? d
            : throw new WebhookFormatException($"The {type} event has no \"detail\" object.");
        var recordId = (detail.TryGetProperty("id", out var id) ? NumericId.Read(id) : null)
            ?? throw new WebhookFormatException($"The {type} event's detail has no numeric \"id\".");
        return new ZendeskEvent(eventId, type, entity, recordId, type.EndsWith(".deleted", StringComparison.Ordinal), VersionOf(root, detail, type));
    }

    private static ChangeVersion VersionOf(JsonElement root, JsonElement detail, string type)
    {
        var updated = detail.TryGetProperty("updated_at", out var u) && ZendeskVersion.TryParse(u, out var updatedAt) ? updatedAt : (ChangeVersion?)null;
        var sent = root.TryGetProperty("time", out var t) && ZendeskVersion.TryParse(t, out var time) ? time : (ChangeVersion?)null;
        return (updated, sent) switch
        {
            ({ } a, { } b) => a > b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => throw new WebhookFormatException($"The {type} event has neither \"time\" nor detail.updated_at as an RFC 3339 timestamp."),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
