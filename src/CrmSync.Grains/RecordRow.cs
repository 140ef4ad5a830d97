using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.Dataverse;

namespace CrmSync.Grains;

/// <summary>Turns a record's desired state into the Dataverse row write that makes it so.</summary>
public static class RecordRow
{
    /// <param name="parentRowId">The contact's account row when it is known to differ from the derived id (adopted).</param>
    /// <remarks>The write carries the etag of CrmSync's last write of the row, so that it cannot overwrite an edit made since unseen.</remarks>
    public static RowWrite Build(RecordKey key, RecordState state, SourceRows rows, Guid? parentRowId = null)
    {
        var table = DataverseTables.For(key.Entity);
        var rowId = RowId(key, state, rows);
        if (state.Deleted)
        {
            return new RowWrite(table, rowId, Body: null, state.RowETag, FirstWrite(state));
        }

        var body = new JsonObject();
        foreach (var (column, value) in state.Fields)
        {
            if (column == RecordFields.ParentAccountId)
            {
                body[DataverseTables.ContactParentAccountBind] = ParentBind(value.Json, rows, parentRowId);
            }
            else
            {
                body[column] = JsonNode.Parse(value.Json);
            }
        }

        body[DataverseTables.SourceCrm] = rows.SourceCrmValue;
        body[DataverseTables.SourceCrmId] = key.SourceId;
        return new RowWrite(table, rowId, body, state.RowETag, FirstWrite(state));
    }

    /// <summary>No write of the row has left a version or columns to guard: a create, or a write after a delete.</summary>
    private static bool FirstWrite(RecordState state) => state.RowETag is null && state.WrittenColumns.Count == 0;

    /// <summary>The account a contact names, by its source id: found by its derived row id, no look-up.</summary>
    public static string? ParentAccountId(RecordState state) =>
        state.Fields.TryGetValue(RecordFields.ParentAccountId, out var parent) && JsonNode.Parse(parent.Json) is JsonValue value
            ? value.GetValue<string>()
            : null;

    public static Guid RowId(RecordKey key, RecordState state, SourceRows rows) =>
        state.AdoptedRowId ?? rows.RowId(key.SourceId);

    private static JsonNode? ParentBind(string json, SourceRows rows, Guid? parentRowId) =>
        JsonSerializer.Deserialize<string?>(json) is { } accountId
            ? JsonValue.Create($"/{DataverseTables.Account.EntitySet}({parentRowId ?? rows.RowId(accountId)})")
            : null;
}
