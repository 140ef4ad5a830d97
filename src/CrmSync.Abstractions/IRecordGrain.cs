namespace CrmSync.Abstractions;

/// <summary>
/// One source CRM record. It serializes its own changes and its Dataverse writes (DESIGN.md §3–§5).
/// Keyed by <see cref="RecordKey"/>.
/// </summary>
public interface IRecordGrain : IGrainWithStringKey
{
    /// <summary>Merges a change into the desired state and stores it durably before answering.</summary>
    ValueTask<AcceptOutcome> Accept(RecordChange change);

    /// <summary>
    /// Accept for the initial sync: the same merge, so a page older than a webhook change cannot overwrite it.
    /// Once the record settles (written or parked) it tells the job with ISyncJobGrain.RecordsSettled, and a
    /// record with nothing left to do deactivates, so an import does not keep every record it touched in memory.
    /// </summary>
    ValueTask<AcceptOutcome> Import(RecordChange change, SyncTicket ticket);

    /// <summary>The record as the grain holds it: versions, desired and written state, last error.</summary>
    ValueTask<RecordSnapshot> GetSnapshot();

    /// <summary>Wakes a waiting or parked record so that it tries its write again.</summary>
    ValueTask Retry();

    /// <summary>
    /// Asked of an account by a contact whose write Dataverse refused because the account row is not
    /// there yet: the account calls <see cref="AccountWritten"/> on the contact once its row is written.
    /// </summary>
    ValueTask NotifyWhenWritten(string contactKey);

    /// <summary>
    /// Writes the desired state again although the grain believes Dataverse holds it: for a reconcile that found the row
    /// missing or edited by hand, and for a duplicate activation of the record that may have written an older state over
    /// it. Accepting the same version again would only be a duplicate and write nothing (I6).
    /// </summary>
    ValueTask Rewrite();

    /// <summary>
    /// The record is gone from the CRM without a delete reaching CrmSync (a reconcile found its row orphaned): the grain
    /// takes a delete just newer than anything it holds, so only a later CRM change revives it (I3), and removes
    /// <paramref name="rowId"/>, the row the reconcile found.
    /// </summary>
    ValueTask RemoveOrphan(Guid rowId);

    /// <summary>Called by an account when it reached Dataverse, for the contacts that wait on it.</summary>
    [OneWay]
    ValueTask AccountWritten();
}
