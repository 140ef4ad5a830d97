namespace CrmSync.Grains;

/// <summary>
/// A reconcile's repairs: they go through the same desired state, store and write loop as every change, so a repair
/// keeps one write in flight (I4) and is never lost once answered (I1, I5).
/// </summary>
public sealed partial class RecordGrain
{
    async ValueTask IRecordGrain.Rewrite()
    {
        if (State.UpsertVersion is null)
        {
            // The grain never wanted a row: there is nothing of its own to write back.
            return;
        }

        if (!State.HasPendingWrite)
        {
            // The same state again: Dataverse lost or changed the row, so the written revision no longer describes it.
            State.DesiredRevision++;
        }

        // A repair is the admin's decision to put the row right whatever Dataverse holds now, as a retry is: the row
        // is known to be missing or edited, so a write guarded by the old etag would only fail first.
        State.RowETag = null;
        State.Status = RecordStatus.Pending;
        await StoreWithReminder();
        NoteAcknowledged();
        StartWriting();
    }

    async ValueTask IRecordGrain.RemoveOrphan(Guid rowId)
    {
        // Just newer than anything the grain holds: the orphan goes, yet any real later CRM change still wins (I3).
        var newest = State.DeletedVersion is { } deleted && (State.Version is not { } applied || deleted > applied) ? deleted : State.Version;
        var version = newest is { } v ? v with { Minor = v.Minor + 1 } : ChangeVersion.FromInteger(0);
        if (rowId != RecordRow.RowId(_key, State, _rows))
        {
            // The row found under this record's source columns was made under another id: that is the one to remove.
            State.AdoptedRowId = rowId;
            State.AdoptionChecked = true;
        }

        var outcome = RecordMerge.Apply(State, new RecordChange(_key.Entity, _key.SourceId, ChangeOperation.Delete, version, []));
        State.Remember(new RecentChange(version, ChangeOperation.Delete, outcome, DateTimeOffset.UtcNow, State.DesiredRevision));
        if (!State.HasPendingWrite)
        {
            // A grain that never wanted the row (its state lost, or the row made by hand) still owes its removal.
            State.DesiredRevision++;
        }

        State.Status = RecordStatus.Pending;
        await StoreWithReminder();
        NoteAcknowledged();
        StartWriting();
    }
}
