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

    /// <summary>The annotation that names a lookup's table, on a Web API row when asked for and on a webhook's image from its EntityReference.</summary>
    public const string LookupLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname";

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
        if (ParentIsNoAccount(row, mapping))
        {
            // A contact's parentcustomerid may name another contact: CrmSync binds only accounts, and a contact id taken
            // for one would leave the record waiting for an account that never comes.
            fields[RecordFields.ParentAccountId] = "null";
        }

        fields[RecordFields.SourceUrl] = JsonSerializer.Serialize(Link(organisation, entity, id), LinkJson);
        return new RecordChange(entity, Id(id), ChangeOperation.Upsert, version, fields, IsComplete: true);
    }

    public static string Id(Guid id) => id.ToString("D");

    private static bool ParentIsNoAccount(JsonElement row, FieldMapping mapping) =>
        mapping.Parent is { } parent && row.ValueKind == JsonValueKind.Object
        && row.TryGetProperty($"{parent}@{LookupLogicalName}", out var table) && table.ValueKind == JsonValueKind.String
        && !table.ValueEquals(Entities.Account);

    /// <summary>The record's form in the organisation's model-driven app.</summary>
    public static string Link(Uri organisation, string entity, Guid id) =>
        $"{organisation.GetLeftPart(UriPartial.Authority)}/main.aspx?pagetype=entityrecord&etn={entity}&id={id:D}";
}
