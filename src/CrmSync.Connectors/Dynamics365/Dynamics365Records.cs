using System.Text.Json;
using CrmSync.Dataverse;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// A Web API row (from a page, a read-back or a delta) as a whole-record change versioned by its
/// <c>versionnumber</c>, the row version Dataverse raises on every write, environment-wide.
/// </summary>
public static class Dynamics365Records
{
    public const string VersionColumn = "versionnumber";

    /// <summary>A link's '&amp;' stays '&amp;' rather than \u0026: the value is written to Dataverse, not embedded in HTML.</summary>
    private static readonly JsonSerializerOptions LinkJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RecordChange Read(JsonElement row, string entity, FieldMapping mapping, Uri organisation, Func<string, Exception> problem)
    {
        var key = DataverseTables.For(entity).PrimaryKey;
        if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty(key, out var idValue) || !idValue.TryGetGuid(out var id))
        {
            throw problem($"a {entity} row has no GUID \"{key}\"");
        }

        if (!row.TryGetProperty(VersionColumn, out var version) || !ChangeValues.TryParseVersion(version, out var parsed))
        {
            throw problem($"{entity} {id} has no {VersionColumn}");
        }

        return Complete(row, entity, id, parsed, mapping, organisation, (column, what) => problem($"{entity} {id}: {column} {what}"));
    }

    public static RecordChange Complete(JsonElement row, string entity, Guid id, ChangeVersion version, FieldMapping mapping, Uri organisation, Func<string, string, Exception> problem)
    {
        var fields = mapping.Apply(row, problem);
        fields[RecordFields.SourceUrl] = JsonSerializer.Serialize(Link(organisation, entity, id), LinkJson);
        return new RecordChange(entity, Id(id), ChangeOperation.Upsert, version, fields, IsComplete: true);
    }

    public static string Id(Guid id) => id.ToString("D");

    /// <summary>The record's form in the organisation's model-driven app.</summary>
    public static string Link(Uri organisation, string entity, Guid id) =>
        $"{organisation.GetLeftPart(UriPartial.Authority)}/main.aspx?pagetype=entityrecord&etn={entity}&id={id:D}";
}
