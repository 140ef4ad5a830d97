namespace CrmSync.Grains;

/// <summary>
/// The initial sync's way in: the same merge as a webhook's Accept, then one report to the job once the change is
/// written or parked. The ticket is kept in memory only: a crash loses that report (the job stops waiting for it
/// after a bound), never the change, which Accept stored before answering.
/// </summary>
public sealed partial class RecordGrain
{
    private SyncTicket? _ticket;
    private long _ticketRevision;
    private bool _imported;

    async ValueTask<AcceptOutcome> IRecordGrain.Import(RecordChange change, SyncTicket ticket)
    {
        _imported = true;
        var outcome = await AcceptAsync(change, imported: true);
        if (outcome == AcceptOutcome.Accepted)
        {
            // The job counts an accepted change as unsettled until told; stale and duplicate ones it counts itself.
            _ticket = ticket;
            _ticketRevision = State.DesiredRevision;
            ReportImportIfSettled();
        }

        DeactivateWhenImportIsDone();
        return outcome;
    }

    /// <summary>Tells the job once the imported revision reached Dataverse or the record was parked (or kept).</summary>
    private void ReportImportIfSettled()
    {
        if (_ticket is not { } ticket)
        {
            return;
        }

        var written = State.WrittenRevision >= _ticketRevision;
        if (!written && !State.IsParkedOrKept)
        {
            return;
        }

        _ticket = null;
        GrainFactory.GetGrain<ISyncJobGrain>(ticket.JobId).RecordsSettled(ticket.Run, written ? 1 : 0, written ? 0 : 1);
    }

    /// <summary>
    /// An activation made by an import leaves memory once it has nothing left to do; one still waiting to report
    /// (a contact waiting for its account) stays until it can, and a later call or reminder activates it again.
    /// </summary>
    private void DeactivateWhenImportIsDone()
    {
        if (_imported && _ticket is null && !_writing && State.Status != RecordStatus.Pending)
        {
            DeactivateOnIdle();
        }
    }
}
