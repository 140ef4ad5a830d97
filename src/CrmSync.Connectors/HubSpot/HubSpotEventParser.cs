using System.Text.Json;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// A HubSpot webhook body: a JSON array of events (legacy <c>contact.*</c>/<c>company.*</c> subscriptions and generic
/// <c>object.*</c> ones with <c>objectTypeId</c>). Events for other objects (deals, tickets) are skipped, since an app
/// may subscribe to more than CrmSync syncs; a malformed event refuses the whole request, naming the event.
/// </summary>
public static class HubSpotEventParser
{
    public const int MaxEvents = 1000;

    public static IReadOnlyList<HubSpotEvent> Parse(byte[] body)
    {
        // WebhookJson refuses what would only fail when read (bytes that are not UTF-8, half surrogate pairs) with a 400.
        using var document = WebhookJson.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is 0 or > MaxEvents)
        {
            throw new WebhookFormatException($"The body must be a JSON array of 1 to {MaxEvents} HubSpot events.");
        }

        return [.. root.EnumerateArray().SelectMany((e, index) => ParseEvent(e, $"event [{index}]"))];
    }

    private static IEnumerable<HubSpotEvent> ParseEvent(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{where} is not a JSON object.");
        }

        var type = e.TryGetProperty("subscriptionType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        var dot = type.IndexOf('.');
        if (dot <= 0)
        {
            throw new WebhookFormatException($"{where}: \"subscriptionType\" is missing or not like \"contact.propertyChange\".");
        }

        var objectName = type[..dot] == "object" && e.TryGetProperty("objectTypeId", out var typeId) && typeId.ValueKind == JsonValueKind.String
            ? typeId.GetString()!
            : type[..dot];
        if (HubSpotObjects.EntityOf(objectName) is not { } entity)
        {
            return [];
        }

        var occurredAt = Number(e, "occurredAt", where);
        return type[(dot + 1)..] switch
        {
            "deletion" or "privacyDeletion" => [new(entity, Id(e, "objectId", where), HubSpotAction.Delete, occurredAt)],
            "creation" or "restore" => [new(entity, Id(e, "objectId", where), HubSpotAction.ReadBack, occurredAt)],
            "propertyChange" => [PropertyChange(e, entity, occurredAt, where)],
            "merge" => Merge(e, entity, occurredAt, where),
            "associationChange" => Association(e, occurredAt, where),
            _ => [],
        };
    }

    private static HubSpotEvent PropertyChange(JsonElement e, string entity, long occurredAt, string where)
    {
        var name = e.TryGetProperty("propertyName", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } text
            ? text
            : throw new WebhookFormatException($"{where}: a propertyChange needs \"propertyName\".");
        var value = e.TryGetProperty("propertyValue", out var v) ? v : default;
        if (value.ValueKind != JsonValueKind.Undefined && !ChangeValues.IsColumnValue(value))
        {
            throw new WebhookFormatException($"{where}: \"propertyValue\" must be a string, number, boolean or null.");
        }

        return new(entity, Id(e, "objectId", where), HubSpotAction.PropertyChange, occurredAt, name,
            value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText());
    }

    /// <summary>The surviving record is read back; the records merged into it are gone.</summary>
    private static IEnumerable<HubSpotEvent> Merge(JsonElement e, string entity, long occurredAt, string where)
    {
        var primary = e.TryGetProperty("primaryObjectId", out _) ? Id(e, "primaryObjectId", where) : Id(e, "objectId", where);
        var merged = e.TryGetProperty("mergedObjectIds", out var ids) ? ids : default;
        if (merged.ValueKind is not (JsonValueKind.Array or JsonValueKind.Undefined))
        {
            throw new WebhookFormatException($"{where}: \"mergedObjectIds\" must be an array of ids.");
        }

        var gone = merged.ValueKind == JsonValueKind.Array
            ? merged.EnumerateArray().Select(id => IdOf(id, $"{where}: mergedObjectIds")).Where(id => id != primary).ToList()
            : [];
        return [new(entity, primary, HubSpotAction.ReadBack, occurredAt), .. gone.Select(id => new HubSpotEvent(entity, id, HubSpotAction.Delete, occurredAt))];
    }

    /// <summary>A contact gained or lost a company: read the contact back for its primary company now.</summary>
    private static IEnumerable<HubSpotEvent> Association(JsonElement e, long occurredAt, string where)
    {
        var type = e.TryGetProperty("associationType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "CONTACT_TO_COMPANY" => [new(Entities.Contact, Id(e, "fromObjectId", where), HubSpotAction.ReadBack, occurredAt)],
            "COMPANY_TO_CONTACT" => [new(Entities.Contact, Id(e, "toObjectId", where), HubSpotAction.ReadBack, occurredAt)],
            _ => [],
        };
    }

    private static string Id(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var value) ? IdOf(value, $"{where}: \"{name}\"") : throw new WebhookFormatException($"{where}: \"{name}\" is missing.");

    /// <summary>HubSpot ids are positive integers; CRM v3 writes them as strings, webhooks as numbers.</summary>
    private static string IdOf(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0 ? HubSpotRecords.Id(number)
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, null, out var parsed) && parsed > 0 ? HubSpotRecords.Id(parsed)
        : throw new WebhookFormatException($"{where} must be a positive integer id.");

    private static long Number(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number is > 0 and < 253402300799999
            ? number
            : throw new WebhookFormatException($"{where}: \"{name}\" must be epoch milliseconds.");
}
