using System.Globalization;
using System.Text.Json;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// A CRM v3 object (<c>{"id","properties":{…},"updatedAt","archived"}</c>, from a list page or a batch read) as a
/// whole-record change versioned by <c>updatedAt</c>, the same instant scale as a webhook's <c>occurredAt</c>.
/// </summary>
public static class HubSpotRecords
{
    public static RecordChange Read(JsonElement record, string entity, FieldMapping mapping, HubSpotSourceOptions options, Func<string, Exception> problem)
    {
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("id", out var idValue) || idValue.ValueKind != JsonValueKind.String
            || idValue.GetString() is not { Length: > 0 } id)
        {
            throw problem($"a {HubSpotObjects.ApiType(entity)} result has no string \"id\"");
        }

        if (!record.TryGetProperty("updatedAt", out var updated) || !ChangeValues.TryParseVersion(updated, out var version))
        {
            throw problem($"{entity} {id} has no RFC 3339 \"updatedAt\"");
        }

        var fields = mapping.Apply(record, (column, what) => problem($"{entity} {id}: {column} {what}"));
        fields[RecordFields.SourceUrl] = JsonSerializer.Serialize(HubSpotObjects.Link(options, entity, id));
        return new RecordChange(entity, id, ChangeOperation.Upsert, version, fields, IsComplete: true);
    }

    /// <summary>A webhook's <c>occurredAt</c> (epoch milliseconds) as a version.</summary>
    public static ChangeVersion At(long occurredAtMs) =>
        ChangeVersion.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(occurredAtMs));

    public static string Id(long objectId) => objectId.ToString(CultureInfo.InvariantCulture);
}
