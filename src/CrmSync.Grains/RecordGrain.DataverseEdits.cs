using System.Text.Json.Nodes;
using CrmSync.Dataverse;
using Microsoft.Extensions.Logging;

namespace CrmSync.Grains;

/// <summary>
/// The guard against edits made in Dataverse. Every write names in If-Match the row version that CrmSync's own last write
/// left, so a 412 means someone changed the row since. The row is read back to show the edit, and the source's
/// OnDataverseEdit decides: Overwrite writes over it (logged and counted), Keep stops writing the row and lists it as
/// kept, Park parks the record with the edit shown. Only the columns CrmSync writes count: a row that still holds them as
/// CrmSync last wrote them is no conflict, and the write goes on over the row's new version.
/// </summary>
public sealed partial class RecordGrain
{
    private DataverseEditPolicy EditPolicy =>
        sources.Value.Sources.TryGetValue(_key.Source, out var source) ? source.OnDataverseEdit : DataverseEditPolicy.Overwrite;

    /// <summary>Decides what follows an edit; false when Dataverse could not be asked for the row, so the loop waits and writes again.</summary>
    private async Task<bool> OnEditedInDataverse(RowWrite write)
    {
        JsonObject? row;
        try
        {
            row = await dataverse.GetAsync(write.Table, write.RowId);
        }
        catch (Exception ex) when (ex is DataverseException or HttpRequestException or TaskCanceledException)
        {
            State.LastError = $"The row was changed in Dataverse, and reading it failed: {ex.Message}";
            return false;
        }

        var etag = (string?)row?["@odata.etag"];
        var columns = EditedColumns(write, row);
        if (row is not null && columns.Count == 0)
        {
            // Only columns CrmSync does not write were edited (or this is CrmSync's own write whose answer was lost): no
            // conflict; the write goes on over the row's new version.
            State.RowETag = etag;
            return true;
        }

        var policy = EditPolicy;
        var edit = new DataverseEdit(DateTimeOffset.UtcNow, policy, columns, etag);
        State.Remember(edit);
        RecordTelemetry.DataverseEditFound(_key.Entity, _key.Source, policy);
        LogDataverseEdit(_key, edit, policy);
        // The next write (for Keep and Park, an admin's retry) goes over the edit found here, never over a later one unseen.
        State.RowETag = etag;
        if (policy != DataverseEditPolicy.Overwrite)
        {
            State.HeldForEdit = true;
            State.Status = policy == DataverseEditPolicy.Keep ? RecordStatus.Kept : RecordStatus.Parked;
            State.LastError = edit.ToString();
            State.ParkedAt = edit.FoundAt;
        }

        // Stored now, not with the next change: the edit is the record's history, and a held record waits for an admin.
        await PersistOrReload();
        if (State.HeldForEdit)
        {
            ReportImportIfSettled();
            await KeepListingInStep();
        }

        return true;
    }

    /// <summary>
    /// The columns CrmSync last wrote that the row no longer holds as written, each with its value in Dataverse and the
    /// value this write sends (null for a delete). Lookups (written as binds, read back as ids) are not compared.
    /// </summary>
    private Dictionary<string, EditedColumn> EditedColumns(RowWrite write, JsonObject? row)
    {
        var columns = new Dictionary<string, EditedColumn>(StringComparer.Ordinal);
        if (row is null)
        {
            return columns;
        }

        foreach (var (column, written) in State.WrittenColumns)
        {
            var inDataverse = row[column];
            if (!JsonNode.DeepEquals(inDataverse, JsonNode.Parse(written)))
            {
                columns[column] = new EditedColumn(inDataverse?.ToJsonString(), write.Body?[column]?.ToJsonString());
            }
        }

        return columns;
    }

    /// <summary>What a written upsert leaves in the row's plain columns; nothing after a delete.</summary>
    private static Dictionary<string, string> WrittenColumns(RowWrite write) =>
        write.Body?.Where(pair => !pair.Key.Contains('@', StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value?.ToJsonString() ?? "null", StringComparer.Ordinal)
        ?? new(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {Key}: {Edit}; its source's OnDataverseEdit is {Policy}")]
    private partial void LogDataverseEdit(RecordKey key, DataverseEdit edit, DataverseEditPolicy policy);
}
