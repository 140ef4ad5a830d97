using CrmSync.Dataverse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CrmSync.Grains;

/// <summary>
/// One source record. Accepts its changes in version order and stores them before answering (I1–I3,
/// I6); keeps at most one Dataverse write in flight and writes again when the desired state moved on
/// meanwhile (I4); retries transient failures, parks refused rows, makes a contact wait for its
/// account, and a reminder resumes a pending write after a crash (I5).
/// </summary>
public sealed partial class RecordGrain(
    [PersistentState("record", StorageNames.Records)] IPersistentState<RecordState> store,
    IDataverseWriter writer,
    SourceCrmValues sourceValues,
    IOptions<CrmSyncOptions> sources,
    DataverseClient dataverse,
    IOptions<RecordGrainOptions> options,
    IReminderTable reminderTable,
    ILogger<RecordGrain> logger) : Grain, IRecordGrain, IRemindable
{
    private RecordKey _key;
    private IRecordGrain _self = null!;
    private SourceRows _rows;
    private bool _writing;
    private readonly SemaphoreSlim _persistGate = new(1, 1);

    private RecordState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = RecordKey.Parse(this.GetPrimaryKeyString());
        _self = GrainFactory.GetGrain<IRecordGrain>(_key.ToString());
        _rows = sourceValues.Rows(_key.Source);
        StartWriting();
        return Task.CompletedTask;
    }

    ValueTask<AcceptOutcome> IRecordGrain.Accept(RecordChange change) => AcceptAsync(change, imported: false);

    private async ValueTask<AcceptOutcome> AcceptAsync(RecordChange change, bool imported)
    {
        if (change.Entity != _key.Entity || change.SourceId != _key.SourceId)
        {
            throw new ArgumentException($"The change for {change.Entity}/{change.SourceId} was sent to record {_key}.", nameof(change));
        }

        var outcome = RecordMerge.Apply(State, change);
        RecordTelemetry.ChangeDecided(_key, outcome, imported);
        // A stale or duplicate change is remembered but not stored on its own: storing it would change nothing else.
        State.Remember(new RecentChange(change.Version, change.Operation, outcome, DateTimeOffset.UtcNow, State.DesiredRevision));
        if (outcome != AcceptOutcome.Accepted)
        {
            return outcome;
        }

        if (State.HasPendingWrite)
        {
            // New data may cure a refusal or name another account, so a parked or waiting record tries again; not one held
            // for an edit made in Dataverse, since new data does not settle whose edit wins: that waits for an admin's retry.
            if (!State.HeldForEdit)
            {
                State.Status = RecordStatus.Pending;
            }

            await StoreWithReminder();
        }
        else
        {
            await PersistOrReload();
        }

        NoteAcknowledged();
        StartWriting();
        return outcome;
    }

    ValueTask<RecordSnapshot> IRecordGrain.GetSnapshot() => ValueTask.FromResult(new RecordSnapshot(
        _key, State.Status, State.Deleted, State.Version, State.DesiredRevision, State.WrittenRevision,
        State.Fields.ToDictionary(f => f.Key, f => f.Value.Json), State.LastError,
        RecordRow.RowId(_key, State, _rows))
    {
        UpsertVersion = State.UpsertVersion,
        DeletedVersion = State.DeletedVersion,
        ParkedAt = State.IsParkedOrKept ? State.ParkedAt : null,
        RecentChanges = [.. State.RecentChanges],
        DataverseEdits = [.. State.DataverseEdits],
    });

    async ValueTask IRecordGrain.Retry()
    {
        if (State.HasPendingWrite && State.Status is RecordStatus.Parked or RecordStatus.WaitingForAccount or RecordStatus.Kept)
        {
            // The admin's answer to an edit made in Dataverse: CrmSync's state wins, over the edit the admin saw (a later
            // edit is found again by If-Match).
            State.HeldForEdit = false;
            State.Status = RecordStatus.Pending;
            await StoreWithReminder();
            StartWriting();
        }
    }

    async ValueTask IRecordGrain.NotifyWhenWritten(string contactKey)
    {
        if (State is { Status: RecordStatus.Written, Deleted: false })
        {
            await GrainFactory.GetGrain<IRecordGrain>(contactKey).AccountWritten();
        }
        else if (State.WaitingContacts.Add(contactKey))
        {
            await PersistOrReload();
        }
    }

    ValueTask IRecordGrain.AccountWritten()
    {
        if (State.Status == RecordStatus.WaitingForAccount)
        {
            State.Status = RecordStatus.Pending;
            StartWriting();
        }

        return ValueTask.CompletedTask;
    }
}
