namespace CrmSync.Grains;

/// <summary>
/// Keeps the parked-records registry in step with this record (I5: a parked record is listed). The record's
/// state is the truth and is stored first; then the registry is told; then what the registry lists is stored.
/// A crash or a failed call in between leaves the two out of step, and while they are the reminder is not
/// dropped: the next settled write or reminder tick tells the registry again (Add and Remove are idempotent).
/// </summary>
public sealed partial class RecordGrain
{
    private readonly SemaphoreSlim _listingGate = new(1, 1);

    /// <summary>
    /// Lists a parked record, or unlists one that is no longer parked. A retried record stays listed until its
    /// write settles, so a refusal that repeats costs no registry call.
    /// </summary>
    private async Task KeepListingInStep()
    {
        if (State.ListingInStep)
        {
            return;
        }

        await _listingGate.WaitAsync();
        try
        {
            // The status may move on while the registry answers; then the loop tells it again.
            while (!State.ListingInStep)
            {
                var kept = State.Status == RecordStatus.Kept;
                if (State.IsParkedOrKept && (State.ListedParkedAt is null || State.ListedAsKept == kept))
                {
                    var parkedAt = State.ParkedAt ??= DateTimeOffset.UtcNow;
                    await Registry(kept).Add(_key, State.LastError, parkedAt);
                    State.ListedParkedAt = parkedAt;
                    State.ListedAsKept = kept;
                }
                else
                {
                    // No longer parked or kept, or moved from one list to the other: unlisted where it is listed first.
                    await Registry(State.ListedAsKept).Remove(_key);
                    State.ListedParkedAt = null;
                    State.ListedAsKept = false;
                }

                await PersistOrReload();
            }
        }
        finally
        {
            _listingGate.Release();
        }
    }

    private IParkedRecordsGrain Registry(bool kept) => kept ? GrainFactory.KeptRecordsShard(_key) : GrainFactory.ParkedRecordsShard(_key);
}
