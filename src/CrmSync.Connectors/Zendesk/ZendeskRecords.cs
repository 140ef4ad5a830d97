using System.Text.Json;

namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Turns a user or organization as Zendesk's API returns it into a change: the id as the source id, <c>updated_at</c>
/// as the version, the mapped columns, the deep link and a user's organization. A user with <c>active:false</c> is
/// deleted (Zendesk keeps deleted users, inactive), and so is an organization with a <c>deleted_at</c>, as the incremental
/// export lists one. The caller words the failure.
/// </summary>
public sealed class ZendeskRecords(string agentRoot, FieldMapping mapping)
{
    public string Entity => mapping.Entity;

    /// <summary>The list member of an API answer: <c>users</c> or <c>organizations</c>.</summary>
    public string Plural => PluralOf(mapping.Entity);

    public static string PluralOf(string entity) => entity == Entities.Account ? "organizations" : "users";

    public RecordChange ToChange(JsonElement record, Func<string, Exception> fail)
    {
        var id = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var value) ? NumericId.Read(value) : null;
        if (id is null)
        {
            throw fail($"A {PluralOf(mapping.Entity)[..^1]} has no numeric id");
        }

        if (!record.TryGetProperty("updated_at", out var updatedAt) || !ZendeskVersion.TryParse(updatedAt, out var version))
        {
            throw fail($"Record {id} has no updated_at as an RFC 3339 timestamp");
        }

        if (record.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.False
            || record.TryGetProperty("deleted_at", out var deletedAt) && deletedAt.ValueKind == JsonValueKind.String)
        {
            return new RecordChange(mapping.Entity, id, ChangeOperation.Delete, version, []);
        }

        var values = mapping.Apply(record, (column, problem) => fail($"Record {id}: {column} {problem}"));
        values[RecordFields.SourceUrl] = JsonSerializer.Serialize(ZendeskLinks.Record(agentRoot, mapping.Entity, id));
        return new RecordChange(mapping.Entity, id, ChangeOperation.Upsert, version, values);
    }
}
