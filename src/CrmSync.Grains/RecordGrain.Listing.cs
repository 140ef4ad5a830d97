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
                var registry = GrainFactory.ParkedRecordsShard(_key);
                if (State.Status == RecordStatus.Parked)
                {
                    var parkedAt = State.ParkedAt ??= DateTimeOffset.UtcNow;
                    await registry.Add(_key, State.LastError, parkedAt);
                    State.ListedParkedAt = parkedAt;
                }
                else
                {
                    await registry.Remove(_key);
                    State.ListedParkedAt = null;
                }

                await PersistOrReload();
            }
        }
        finally
        {
            _listingGate.Release();
        }
    }
}
