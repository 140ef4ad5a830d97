namespace CrmSync.Grains;

/// <summary>
/// How a change moves a record's desired state (DESIGN.md §5). Upserts merge per field: each column
/// keeps the version that last set it (last writer wins per column). A delete clears every column
/// older than itself and leaves a tombstone at its version; only a newer change revives the record,
/// from blank. So any arrival order of the same changes ends in the same state. Pure, so that every
/// ordering rule is tested without a silo.
/// </summary>
public static class RecordMerge
{
    public static AcceptOutcome Apply(RecordState state, RecordChange change)
    {
        if (state.DeletedVersion is { } tombstone && change.Version <= tombstone)
        {
            var sameDelete = change.Operation == ChangeOperation.Delete && change.Version == tombstone;
            return sameDelete ? AcceptOutcome.Duplicate : AcceptOutcome.Stale;
        }

        var outcome = change.Operation == ChangeOperation.Delete ? ApplyDelete(state, change) : ApplyUpsert(state, change);
        if (outcome == AcceptOutcome.Accepted && (state.Version is not { } newest || change.Version > newest))
        {
            state.Version = change.Version;
        }

        return outcome;
    }

    private static AcceptOutcome ApplyDelete(RecordState state, RecordChange change)
    {
        state.DeletedVersion = change.Version;
        var wasDeleted = state.Deleted;
        state.Deleted = state.UpsertVersion is not { } upserted || change.Version > upserted;
        // What was set before the delete is gone, whether a newer upsert arrived first (the record lives) or not.
        // Cleared to null rather than forgotten: a revival may overtake a delete that never reached Dataverse,
        // and then only explicit nulls keep the old columns from coming back.
        var changed = false;
        foreach (var (column, value) in state.Fields.Where(f => f.Value.Version < change.Version).ToList())
        {
            changed |= value.Json != "null";
            state.Fields[column] = new FieldValue("null", change.Version);
        }

        // Only a row that was ever wanted in Dataverse needs a write to remove or change it.
        if (state.UpsertVersion is not null && (changed || state.Deleted != wasDeleted))
        {
            state.DesiredRevision++;
        }

        return AcceptOutcome.Accepted;
    }

    private static AcceptOutcome ApplyUpsert(RecordState state, RecordChange change)
    {
        var startsRow = state.UpsertVersion is null || state.Deleted;
        var changed = false;
        var applied = false;
        var allSeen = true;
        foreach (var (column, json) in ColumnsOf(change, state))
        {
            if (state.Fields.TryGetValue(column, out var current) && current.Version >= change.Version)
            {
                allSeen &= current.Version == change.Version && current.Json == json;
                continue;
            }

            applied = true;
            changed |= current.Json != json;
            state.Fields[column] = new FieldValue(json, change.Version);
        }

        var newer = state.UpsertVersion is not { } upserted || change.Version > upserted;
        if (!startsRow && !applied && !newer)
        {
            return allSeen ? AcceptOutcome.Duplicate : AcceptOutcome.Stale;
        }

        state.Deleted = false;
        if (newer)
        {
            state.UpsertVersion = change.Version;
        }

        // A newer version that sets the same values needs no second write (I6).
        if (startsRow || changed)
        {
            state.DesiredRevision++;
        }

        return AcceptOutcome.Accepted;
    }

    /// <summary>The columns a change sets: those it names and, when it carries the whole record, null for the rest.</summary>
    private static IEnumerable<KeyValuePair<string, string>> ColumnsOf(RecordChange change, RecordState state)
    {
        foreach (var field in change.Fields)
        {
            yield return field;
        }

        if (!change.IsComplete)
        {
            yield break;
        }

        foreach (var column in state.Fields.Keys.Where(c => !change.Fields.ContainsKey(c)).ToList())
        {
            yield return new(column, "null");
        }
    }
}
