using System.Text.Json;
using CrmSync.Dataverse;

namespace CrmSync.Connectors.Generic;

/// <summary>
/// The generic format (DESIGN.md §9): one change or an array of up to 1,000, each
/// <c>{"entity","id","op","version","url","parentAccountId","fields"}</c>. Every error names the change
/// and the member at fault, so a sender can fix its payload from the 400 alone.
/// </summary>
public static class GenericChangeParser
{
    public const int MaxChanges = 1000;

    /// <param name="urlEntity">The entity the URL names (<c>/webhooks/{source}/contact</c>), if any: changes may then leave out
    /// <c>entity</c>, and one that names another is refused.</param>
    public static IReadOnlyList<RecordChange> Parse(ReadOnlySpan<byte> body, string? urlEntity = null)
    {
        using (var document = WebhookJson.Parse(body))
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return [ParseChange(root, "the change", urlEntity)];
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new WebhookFormatException("The body must be a change object or an array of change objects.");
            }

            var count = root.GetArrayLength();
            if (count == 0 || count > MaxChanges)
            {
                throw new WebhookFormatException($"The array holds {count} changes; send 1 to {MaxChanges}.");
            }

            return root.EnumerateArray().Select((change, index) => ParseChange(change, $"change [{index}]", urlEntity)).ToList();
        }
    }

    private static RecordChange ParseChange(JsonElement change, string where, string? urlEntity)
    {
        if (change.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{where} is not a JSON object.");
        }

        var entity = urlEntity is not null && !change.TryGetProperty("entity", out _) ? urlEntity : RequiredString(change, "entity", where);
        if (urlEntity is not null && entity != urlEntity)
        {
            throw new WebhookFormatException($"{where}: entity '{entity}' differs from the URL's '{urlEntity}'; send it to /webhooks/{{source}}/{entity} or to /webhooks/{{source}}.");
        }

        if (!Entities.IsKnown(entity))
        {
            throw new WebhookFormatException($"{where}: entity '{entity}' is unknown; use \"account\" or \"contact\".");
        }

        var id = RequiredString(change, "id", where);
        var operation = ParseOperation(change, where);
        var version = change.TryGetProperty("version", out var v) && v.ValueKind != JsonValueKind.Null
            ? ParseVersion(v, where)
            : throw new WebhookFormatException($"{where}: \"version\" is missing; send an integer or an RFC 3339 timestamp that orders this record's changes.");

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (operation == ChangeOperation.Upsert)
        {
            ReadFields(change, DataverseTables.For(entity), fields, where);
            ReadSourceUrl(change, fields, where);
            ReadParentAccount(change, entity, fields, where);
        }

        return new RecordChange(entity, id, operation, version, fields);
    }

    private static ChangeOperation ParseOperation(JsonElement change, string where)
    {
        if (!change.TryGetProperty("op", out var op) || op.ValueKind == JsonValueKind.Null)
        {
            return ChangeOperation.Upsert;
        }

        return op.ValueKind == JsonValueKind.String && op.GetString() is "upsert" or "delete"
            ? op.GetString() == "delete" ? ChangeOperation.Delete : ChangeOperation.Upsert
            : throw new WebhookFormatException($"{where}: \"op\" must be \"upsert\" or \"delete\".");
    }

    /// <summary>An integer (or a string of digits), or an RFC 3339 timestamp with an offset.</summary>
    public static ChangeVersion ParseVersion(JsonElement version, string where) =>
        ChangeValues.TryParseVersion(version, out var parsed)
            ? parsed
            : throw new WebhookFormatException($"{where}: \"version\" must be a non-negative integer or an RFC 3339 timestamp such as \"2026-11-23T10:00:00.123Z\".");

    private static void ReadFields(JsonElement change, DataverseTable table, Dictionary<string, string> fields, string where)
    {
        if (!change.TryGetProperty("fields", out var members) || members.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (members.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{where}: \"fields\" must be an object of Dataverse column names to values.");
        }

        foreach (var field in members.EnumerateObject())
        {
            if (!table.WritableColumns.Contains(field.Name))
            {
                throw new WebhookFormatException($"{where}: '{field.Name}' is not a column CrmSync writes on {table.LogicalName}; known columns: {string.Join(", ", table.WritableColumns.Order())}.");
            }

            if (!ChangeValues.IsColumnValue(field.Value))
            {
                throw new WebhookFormatException($"{where}: column '{field.Name}' must be a string, number, boolean or null.");
            }

            fields[field.Name] = field.Value.GetRawText();
        }
    }

    private static void ReadSourceUrl(JsonElement change, Dictionary<string, string> fields, string where)
    {
        if (change.TryGetProperty("url", out var url))
        {
            fields[RecordFields.SourceUrl] = url.ValueKind is JsonValueKind.String or JsonValueKind.Null
                ? url.GetRawText()
                : throw new WebhookFormatException($"{where}: \"url\" must be a string.");
        }
    }

    private static void ReadParentAccount(JsonElement change, string entity, Dictionary<string, string> fields, string where)
    {
        if (!change.TryGetProperty("parentAccountId", out var parent))
        {
            return;
        }

        if (entity != Entities.Contact)
        {
            throw new WebhookFormatException($"{where}: \"parentAccountId\" belongs to contacts only.");
        }

        fields[RecordFields.ParentAccountId] = ChangeValues.IsParentAccountId(parent)
            ? parent.GetRawText()
            : throw new WebhookFormatException($"{where}: \"parentAccountId\" must be the account's id as a non-empty string, or null.");
    }

    private static string RequiredString(JsonElement change, string name, string where) =>
        change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new WebhookFormatException($"{where}: \"{name}\" is missing or not a non-empty string.");
}
