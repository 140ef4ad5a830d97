using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>What a Dataverse webhook says happened, and the row as its post-image (or Create target) shows it, if it does.</summary>
/// <param name="Row">The attributes in the Web API's shape (lookups as <c>_x_value</c>), with versionnumber; null when the body carries no versioned image.</param>
/// <param name="DeletedAfter">On Delete, the pre-image's versionnumber, when one was registered.</param>
public sealed record DataverseNotification(string Message, string Entity, Guid Id, JsonElement? Row, long? DeletedAfter);

/// <summary>
/// The <c>RemoteExecutionContext</c> JSON a service-endpoint webhook posts (specs/crm-apis.md §D1): DataContract
/// collections of <c>{"key","value"}</c>, Entity and EntityReference values, WCF <c>/Date(ms±hhmm)/</c> dates.
/// </summary>
public static class RemoteExecutionContext
{
    /// <summary>Null for messages and tables CrmSync does not sync (a step may be registered on more).</summary>
    public static DataverseNotification? Parse(byte[] body)
    {
        // WebhookJson refuses what would only fail when read (bytes that are not UTF-8, half surrogate pairs) with a 400.
        using var document = WebhookJson.Parse(body);
        var root = document.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(document.RootElement.Clone()) : null;

        if (root is not JsonObject context)
        {
            throw new WebhookFormatException("The body must be a RemoteExecutionContext JSON object.");
        }

        var message = Text(context, "MessageName") ?? throw new WebhookFormatException("\"MessageName\" is missing; register the webhook step on Create, Update or Delete.");
        var entity = Text(context, "PrimaryEntityName") ?? throw new WebhookFormatException("\"PrimaryEntityName\" is missing.");
        if (!Guid.TryParse(Text(context, "PrimaryEntityId"), out var id))
        {
            throw new WebhookFormatException("\"PrimaryEntityId\" is missing or not a GUID.");
        }

        if (message is not ("Create" or "Update" or "Delete") || !Entities.IsKnown(entity))
        {
            return null;
        }

        if (message == "Delete")
        {
            var pre = Image(context, "PreEntityImages", entity);
            return new DataverseNotification(message, entity, id, null, pre is { } image && image.TryGetProperty(Dynamics365Records.VersionColumn, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var version) && version is >= 0 and < long.MaxValue ? version : null);
        }

        var row = Image(context, "PostEntityImages", entity) ?? (message == "Create" ? Target(context, entity) : null);
        // An image without versionnumber is read back; one whose versionnumber is not a row version is not Dataverse's.
        var versioned = row is { } r && r.TryGetProperty(Dynamics365Records.VersionColumn, out var rv)
            ? rv.ValueKind == JsonValueKind.Number && rv.TryGetInt64(out var n) && n >= 0 ? r : throw new WebhookFormatException("The image's versionnumber is not a non-negative integer.")
            : (JsonElement?)null;
        return new DataverseNotification(message, entity, id, versioned, null);
    }

    private static JsonElement? Target(JsonObject context, string entity) =>
        Pairs(context["InputParameters"], "InputParameters").FirstOrDefault(p => p.Key == "Target").Value is JsonObject target ? Entity(target, entity) : null;

    private static JsonElement? Image(JsonObject context, string name, string entity) =>
        Pairs(context[name], name).Select(p => p.Value).OfType<JsonObject>().Select(e => Entity(e, entity)).FirstOrDefault();

    /// <summary>An Entity's Attributes as a Web API row: EntityReferences become <c>_x_value</c> ids, WCF dates ISO text.</summary>
    private static JsonElement? Entity(JsonObject entity, string logicalName)
    {
        if (entity["LogicalName"] is not null && Text(entity, "LogicalName") is var name && name != logicalName)
        {
            throw new WebhookFormatException(name is null
                ? "An image's LogicalName is not text."
                : $"An image is of '{name}', not of the primary entity '{logicalName}'.");
        }

        var row = new JsonObject();
        foreach (var (key, value) in Pairs(entity["Attributes"], "Attributes"))
        {
            if (value is JsonObject reference && reference["Id"] is not null)
            {
                row[$"_{key}_value"] = Text(reference, "Id") ?? throw new WebhookFormatException($"The reference in \"{key}\" has an Id that is not text.");
                if (reference["LogicalName"] is not null)
                {
                    // As the Web API annotates a lookup: which table the reference names (a parent may be a contact).
                    row[$"_{key}_value@{Dynamics365Records.LookupLogicalName}"] = Text(reference, "LogicalName")
                        ?? throw new WebhookFormatException($"The reference in \"{key}\" has a LogicalName that is not text.");
                }
            }
            else if (value is JsonValue text && text.TryGetValue<string>(out var s) && WcfDate(s) is { } date)
            {
                row[key] = date;
            }
            else if (value is null or JsonValue)
            {
                row[key] = value?.DeepClone();
            }
        }

        return JsonSerializer.SerializeToElement(row);
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Pairs(JsonNode? collection, string name)
    {
        if (collection is null)
        {
            return [];
        }

        if (collection is not JsonArray array)
        {
            throw new WebhookFormatException($"\"{name}\" must be an array of {{\"key\",\"value\"}} pairs.");
        }

        return array.Select(pair => pair is JsonObject o && Text(o, "key") is { } key
            ? (key, o["value"])
            : throw new WebhookFormatException($"\"{name}\" holds an item that is not a {{\"key\",\"value\"}} pair."));
    }

    /// <summary><c>/Date(1506409448000-0700)/</c> → ISO 8601 in UTC; the offset only says where it was written.</summary>
    private static string? WcfDate(string text)
    {
        if (!text.StartsWith("/Date(", StringComparison.Ordinal) || !text.EndsWith(")/", StringComparison.Ordinal))
        {
            return null;
        }

        var inner = text[6..^2];
        var sign = inner.IndexOfAny(['+', '-'], 1);
        return long.TryParse(sign < 0 ? inner : inner[..sign], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) && ms is > -62135596800000 and < 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : throw new WebhookFormatException($"'{text}' is not a WCF date.");
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
