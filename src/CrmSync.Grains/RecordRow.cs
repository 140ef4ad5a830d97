using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.Dataverse;

namespace CrmSync.Grains;

/// <summary>Turns a record's desired state into the Dataverse row write that makes it so.</summary>
public static class RecordRow
{
    public static RowWrite Build(RecordKey key, RecordState state, int sourceCrmValue)
    {
        var table = DataverseTables.For(key.Entity);
        var rowId = RowIdentity.For(sourceCrmValue, key.SourceId);
        if (state.Deleted)
        {
            return new RowWrite(table, rowId, Body: null);
        }

        var body = new JsonObject();
        foreach (var (column, value) in state.Fields)
        {
            if (column == RecordFields.ParentAccountId)
            {
                body[DataverseTables.ContactParentAccountBind] = ParentBind(value.Json, sourceCrmValue);
            }
            else
            {
                body[column] = JsonNode.Parse(value.Json);
            }
        }

        body[DataverseTables.SourceCrm] = sourceCrmValue;
        body[DataverseTables.SourceCrmId] = key.SourceId;
        return new RowWrite(table, rowId, body);
    }

    /// <summary>The account a contact names, by its source id: found by its derived row id, no look-up.</summary>
    public static string? ParentAccountId(RecordState state) =>
        state.Fields.TryGetValue(RecordFields.ParentAccountId, out var parent) && JsonNode.Parse(parent.Json) is JsonValue value
            ? value.GetValue<string>()
            : null;

    private static JsonNode? ParentBind(string json, int sourceCrmValue) =>
        JsonSerializer.Deserialize<string?>(json) is { } accountId
            ? JsonValue.Create($"/{DataverseTables.Account.EntitySet}({RowIdentity.For(sourceCrmValue, accountId)})")
            : null;
}
