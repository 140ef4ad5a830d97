using CrmSync.Dataverse;

namespace CrmSync.Grains;

public sealed partial class RecordGrain
{
    private bool Adopts => sources.Value.Sources.TryGetValue(_key.Source, out var source) && source.AdoptExistingRows;

    /// <summary>
    /// Before a record's first write, for sources that ask for it: a row made before CrmSync under
    /// another id (found by the two source columns) becomes this record's row, so it is updated in place
    /// rather than duplicated. Null when there is nothing to do or the look-up is done; a transient
    /// result when Dataverse could not be asked, so the write loop retries as for any write.
    /// </summary>
    private async Task<WriteResult?> AdoptExistingRowAsync()
    {
        if (State.AdoptionChecked || State.Deleted || !Adopts)
        {
            return null;
        }

        try
        {
            var table = DataverseTables.For(_key.Entity);
            var found = await dataverse.FindBySourceAsync(table, _rows.SourceCrmValue, _key.SourceId);
            State.AdoptedRowId = found is { } id && id != _rows.RowId(_key.SourceId) ? id : null;
            State.AdoptionChecked = true;
            return null;
        }
        catch (Exception ex) when (ex is DataverseException or HttpRequestException or TaskCanceledException)
        {
            return new WriteResult(WriteStatus.Transient, $"Looking for an existing row to adopt failed: {ex.Message}");
        }
    }

    /// <summary>An adopting source's account may live under an adopted id, which only its grain knows.</summary>
    private async Task<Guid?> AdoptedParentRowIdAsync()
    {
        if (!Adopts || _key.Entity != Entities.Contact || RecordRow.ParentAccountId(State) is not { } accountId)
        {
            return null;
        }

        var account = GrainFactory.GetGrain<IRecordGrain>(new RecordKey(_key.Source, Entities.Account, accountId).ToString());
        return (await account.GetSnapshot()).RowId;
    }
}
