using System.Text.Json;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// A Salesforce record as CrmSync's Apex and the REST API both write it: <c>attributes</c>, <c>Id</c> (normalised to
/// 18 characters), <c>SystemModstamp</c> and fields under their API names, kept in <see cref="Body"/> for the mapping.
/// </summary>
public sealed record SalesforceRecord(string Entity, string Id, ChangeVersion Version, bool IsDeleted, JsonElement Body)
{
    /// <summary>Reads one record object; <paramref name="fail"/> words an error naming <paramref name="where"/> and the member at fault.</summary>
    public static SalesforceRecord Read(JsonElement record, bool isDeleted, string where, Func<string, Exception> fail)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw fail($"{where} is not a JSON object.");
        }

        var type = record.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object &&
            attributes.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        var entity = SalesforceObjects.EntityOf(type)
            ?? throw fail($"{where}: attributes.type '{type}' is not Account or Contact.");
        var id = SalesforceIds.Normalize(StringOf(record, "Id"))
            ?? throw fail($"{where}: Id is not a 15- or 18-character Salesforce id.");
        if (!SalesforceModstamp.TryParse(StringOf(record, "SystemModstamp"), out var version))
        {
            throw fail($"{where}: SystemModstamp is not a datetime such as 2026-11-23T10:00:00.000+0000.");
        }

        return new SalesforceRecord(entity, id, version, isDeleted, record.Clone());
    }

    /// <summary>
    /// The change the record makes: a delete at its SystemModstamp, or the whole record through the source's mapping,
    /// with the contact's account id normalised as record ids are, and the Lightning link.
    /// </summary>
    public RecordChange ToChange(FieldMapping mapping, string instanceUrl, Func<string, Exception> fail)
    {
        if (IsDeleted)
        {
            return new RecordChange(Entity, Id, ChangeOperation.Delete, Version, []);
        }

        Dictionary<string, string> fields;
        try
        {
            fields = mapping.Apply(Body, (column, problem) => fail($"Record {Id}: {column} {problem}."));
        }
        catch (InvalidOperationException)
        {
            // JSON may escape half a surrogate pair ("\ud800"): it parses, but is no string .NET can read.
            throw fail($"Record {Id} holds a string that is not valid UTF-16 (a lone surrogate escape).");
        }

        if (fields.TryGetValue(RecordFields.ParentAccountId, out var parent) && parent != "null")
        {
            var accountId = SalesforceIds.Normalize(JsonSerializer.Deserialize<string>(parent))
                ?? throw fail($"Record {Id}: the account id {parent} is not a Salesforce id.");
            fields[RecordFields.ParentAccountId] = JsonSerializer.Serialize(accountId);
        }

        fields[RecordFields.SourceUrl] = JsonSerializer.Serialize(SalesforceLinks.Record(instanceUrl, Entity, Id));
        return new RecordChange(Entity, Id, ChangeOperation.Upsert, Version, fields, IsComplete: true);
    }

    /// <summary>The member's string, or null when it is absent, not a string, or not valid UTF-16 (then no id or time either).</summary>
    private static string? StringOf(JsonElement record, string name)
    {
        try
        {
            return record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
