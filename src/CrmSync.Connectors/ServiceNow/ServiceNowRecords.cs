using System.Text.Json;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// Turns a ServiceNow record (internal values as strings, from the Table API or CrmSync's business rule) into a
/// change: the sys_id as the source id, its version, the mapped columns, the deep link and a contact's account. The
/// caller words the failure, since a bad record is a 400 in a webhook and a failed read in a sync.
/// </summary>
public sealed class ServiceNowRecords(string instance, string table, FieldMapping mapping)
{
    public string Entity => mapping.Entity;

    /// <summary>The fields to ask the Table API for: identity, version and what the mapping reads.</summary>
    public string Fields => string.Join(',', new[] { "sys_id", "sys_updated_on", "sys_mod_count" }.Concat(mapping.SourceFields).Distinct(StringComparer.Ordinal));

    /// <param name="fail">Makes the exception for a record that is not valid, given what is wrong with it.</param>
    public RecordChange ToChange(JsonElement record, Func<string, Exception> fail)
    {
        var sysId = SysId(record, fail);
        if (!ServiceNowVersion.TryParseTime(Text(record, "sys_updated_on"), out var updatedOn))
        {
            throw fail($"Record {sysId} has no sys_updated_on as yyyy-MM-dd HH:mm:ss (UTC)");
        }

        var values = mapping.Apply(record, (column, problem) => fail($"Record {sysId}: {column} {problem}"));
        values[RecordFields.SourceUrl] = JsonSerializer.Serialize(ServiceNowLinks.Record(instance, table, sysId));
        return new RecordChange(mapping.Entity, sysId, ChangeOperation.Upsert, ServiceNowVersion.Of(updatedOn, ModCount(record, sysId, fail)), values);
    }

    /// <summary>A delete at <paramref name="deletedOn"/>, ordered after the record's last update.</summary>
    public RecordChange ToDelete(JsonElement record, DateTimeOffset deletedOn, Func<string, Exception> fail)
    {
        var sysId = SysId(record, fail);
        return new RecordChange(mapping.Entity, sysId, ChangeOperation.Delete, ServiceNowVersion.OfDelete(deletedOn, ModCount(record, sysId, fail)), []);
    }

    public static string? Text(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string SysId(JsonElement record, Func<string, Exception> fail) =>
        Text(record, "sys_id") is { } sysId && ServiceNowVersion.IsSysId(sysId) ? sysId
        : throw fail("A record has no sys_id of 32 hex digits");

    private static long ModCount(JsonElement record, string sysId, Func<string, Exception> fail) =>
        ServiceNowVersion.TryParseModCount(Text(record, "sys_mod_count"), out var count) ? count
        : throw fail($"Record {sysId} has no sys_mod_count of digits");
}
