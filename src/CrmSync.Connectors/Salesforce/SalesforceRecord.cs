using System.Text.Json;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// A Salesforce record as CrmSync's Apex and the REST API both write it: <c>attributes</c>, <c>Id</c>,
/// <c>SystemModstamp</c> and fields under their API names. A deleted record has no fields.
/// </summary>
public sealed record SalesforceRecord(string Entity, string Id, ChangeVersion Version, bool IsDeleted, IReadOnlyDictionary<string, JsonElement> Fields)
{
    /// <summary>Reads one record object; throws <see cref="WebhookFormatException"/> naming <paramref name="where"/> and the member at fault.</summary>
    public static SalesforceRecord Read(JsonElement record, bool isDeleted, string where)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{where} is not a JSON object.");
        }

        var type = record.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object &&
            attributes.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        var entity = SalesforceObjects.EntityOf(type)
            ?? throw new WebhookFormatException($"{where}: attributes.type '{type}' is not Account or Contact.");
        var id = SalesforceIds.Normalize(StringOf(record, "Id"))
            ?? throw new WebhookFormatException($"{where}: Id is not a 15- or 18-character Salesforce id.");
        if (!SalesforceModstamp.TryParse(StringOf(record, "SystemModstamp"), out var version))
        {
            throw new WebhookFormatException($"{where}: SystemModstamp is not a datetime such as 2026-11-23T10:00:00.000+0000.");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!isDeleted)
        {
            foreach (var property in record.EnumerateObject())
            {
                if (property.Name is not ("attributes" or "Id" or "SystemModstamp"))
                {
                    fields[property.Name] = property.Value.Clone();
                }
            }
        }

        return new SalesforceRecord(entity, id, version, isDeleted, fields);
    }

    private static string? StringOf(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
