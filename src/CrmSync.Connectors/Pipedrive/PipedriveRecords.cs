using System.Text.Json;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// Turns a person or organization, as API v2 returns it and webhooks v2 carry it in <c>data</c>, into a change: the id
/// as the source id, <c>update_time</c> as the version, the mapped columns, the deep link and a person's <c>org_id</c>.
/// The caller words the failure.
/// </summary>
public sealed class PipedriveRecords(string appRoot, FieldMapping mapping)
{
    public string Entity => mapping.Entity;

    /// <summary>The API's collection: <c>persons</c> or <c>organizations</c>.</summary>
    public string Plural => mapping.Entity == Entities.Account ? "organizations" : "persons";

    /// <param name="fallback">The version when the record has no <c>update_time</c> (a webhook's <c>meta.timestamp</c>).</param>
    public RecordChange ToChange(JsonElement record, ChangeVersion? fallback, Func<string, Exception> fail)
    {
        var id = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var value) ? NumericId.Read(value) : null;
        if (id is null)
        {
            throw fail($"A {Plural[..^1]} has no numeric id");
        }

        var version = record.TryGetProperty("update_time", out var updated) && PipedriveVersion.TryParse(updated, out var updateTime) ? updateTime
            : fallback ?? throw fail($"Record {id} has no update_time as yyyy-MM-dd HH:mm:ss or RFC 3339");
        var values = mapping.Apply(record, (column, problem) => fail($"Record {id}: {column} {problem}"));
        values[RecordFields.SourceUrl] = JsonSerializer.Serialize(PipedriveLinks.Record(appRoot, mapping.Entity, id));
        return new RecordChange(mapping.Entity, id, ChangeOperation.Upsert, version, values);
    }
}
