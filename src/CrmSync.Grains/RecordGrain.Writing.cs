using System.Diagnostics;
using CrmSync.Dataverse;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace CrmSync.Grains;

public sealed partial class RecordGrain
{
    private const int UnwrittenLimit = 64;

    // Acknowledged revisions not yet in Dataverse, kept in memory only: a change acknowledged by an earlier
    // activation is written all the same, it just goes unmeasured.
    private readonly Queue<(long Revision, long AcknowledgedAt)> _unwritten = new();

    // Set when the writer was full and this activation is on its way out; its reminder resumes the write.
    private bool _leaving;

    /// <summary>Starts the write loop unless one runs: the single place a write begins, so one is in flight (I4).</summary>
    private void StartWriting()
    {
        if (!_writing && !_leaving && !_superseded && State is { HasPendingWrite: true, Status: RecordStatus.Pending })
        {
            _writing = true;
            _ = WriteUntilCaughtUp();
        }
    }

    private async Task WriteUntilCaughtUp()
    {
        try
        {
            do
            {
                await WritePendingRevisions();
            }
            // The loop's last await may resume after a change accepted meanwhile found it still running.
            while (!_leaving && !_superseded && State is { HasPendingWrite: true, Status: RecordStatus.Pending });
        }
        catch (Exception ex)
        {
            // Storage failed: the state on disk still says pending, and the reminder resumes the write.
            LogWriteLoopFailed(ex, _key);
        }
        finally
        {
            _writing = false;
            _wentIdleAt = DateTime.UtcNow;
            HandOverIfSuperseded();
            DeactivateWhenImportIsDone();
        }
    }

    private async Task WritePendingRevisions()
    {
        var attempt = 0;
        // Not once storage refused this activation's state because another stored a newer one: that one holds the record now.
        while (!_superseded && State is { HasPendingWrite: true, Status: RecordStatus.Pending })
        {
            var revision = State.DesiredRevision;
            var adoption = await AdoptExistingRowAsync();
            var write = RecordRow.Build(_key, State, _rows, await AdoptedParentRowIdAsync());
            var result = adoption ?? await writer.WriteAsync(write);
            // Any write that went out may have landed, even one whose answer was lost or timed out: only a deferred one was never sent.
            _rowsWritten |= result.Status != WriteStatus.Deferred;
            RecordTelemetry.WriteFinished(_key.Entity, result.Status.ToString().ToLowerInvariant());
            if (result.Status == WriteStatus.Deferred)
            {
                if (await LeaveUntilReminded())
                {
                    return;
                }

                await Task.Delay(RetryDelay(++attempt, retryAfter: null));
                continue;
            }

            if (result.Status == WriteStatus.Transient)
            {
                State.LastError = result.Error;
                await Task.Delay(RetryDelay(++attempt, result.RetryAfter));
                continue;
            }

            if (result.Status == WriteStatus.EditedInDataverse)
            {
                if (!await OnEditedInDataverse(write))
                {
                    await Task.Delay(RetryDelay(++attempt, retryAfter: null));
                }

                continue;
            }

            attempt = 0;
            if (result.Status is WriteStatus.MissingParent or WriteStatus.Refused && State.DesiredRevision != revision)
            {
                // The answer concerns a state already replaced: a change accepted while the write was out may name another
                // account, none, fix the refused value or delete the record. Parking or waiting on the old write would
                // leave that acknowledged change unwritten, so the newer state is written instead.
                continue;
            }

            await Settle(revision, write, result);
        }
    }

    private async Task Settle(long revision, RowWrite write, WriteResult result)
    {
        switch (result.Status)
        {
            case WriteStatus.Written:
                State.WrittenRevision = revision;
                MeasureWriteLag(revision);
                State.RowETag = result.ETag;
                State.WrittenColumns = WrittenColumns(write);
                State.LastError = null;
                if (!State.HasPendingWrite)
                {
                    State.Status = RecordStatus.Written;
                }

                // Stored with the next change or at deactivation, not now: see RecordGrain.Resuming.cs. A crash in between
                // loses the new etag and written columns too, so the next write meets CrmSync's own write as if someone had
                // edited the row: with Overwrite that costs one count and one more write; a source that keeps or parks
                // edits must not stop on it, so it stores them now.
                if (EditPolicy == DataverseEditPolicy.Overwrite)
                {
                    _writtenNotStored = true;
                }
                else
                {
                    await PersistOrReload();
                }

                ReleaseWaitingContacts();
                break;

            case WriteStatus.MissingParent when RecordRow.ParentAccountId(State) is { } accountId:
                State.Status = RecordStatus.WaitingForAccount;
                State.LastError = result.Error;
                await PersistOrReload();
                var account = new RecordKey(_key.Source, Entities.Account, accountId);
                await GrainFactory.GetGrain<IRecordGrain>(account.ToString()).NotifyWhenWritten(_key.ToString());
                break;

            default:
                State.Status = RecordStatus.Parked;
                State.LastError = result.Error;
                State.ParkedAt = DateTimeOffset.UtcNow;
                RecordTelemetry.Parked(_key.Entity);
                LogParked(_key, result.Error);
                await PersistOrReload();
                break;
        }

        ReportImportIfSettled();
        await KeepListingInStep();
    }

    /// <summary>
    /// The silo's writer holds all the rows it may (MaxRowsWaiting): rather than wait in memory for room, the record leaves
    /// it. Its change is stored, and its reminder (made sure of here, one table write at most) activates it again after
    /// ResumePeriod to try once more, so nothing acknowledged is lost (I1, I5) while what waits in memory stays bounded.
    /// A record that still owes the sync job its report stays and tries again later, since that report lives only here.
    /// </summary>
    private async Task<bool> LeaveUntilReminded()
    {
        if (_ticket is not null)
        {
            return false;
        }

        await EnsureReminder();
        _leaving = true;
        DeactivateOnIdle();
        return true;
    }

    /// <summary>Remembers when the revision just stored was acknowledged, for the write-lag histogram.</summary>
    private void NoteAcknowledged()
    {
        // Bounded: while Dataverse is away a busy record would otherwise queue one entry per change; the oldest
        // entries, kept, carry the longest lags.
        if (State.HasPendingWrite && _unwritten.Count < UnwrittenLimit)
        {
            _unwritten.Enqueue((State.DesiredRevision, Stopwatch.GetTimestamp()));
        }
    }

    private void MeasureWriteLag(long writtenRevision)
    {
        while (_unwritten.TryPeek(out var change) && change.Revision <= writtenRevision)
        {
            _unwritten.Dequeue();
            RecordTelemetry.WriteLag(_key.Entity, Stopwatch.GetElapsedTime(change.AcknowledgedAt));
        }
    }

    private void ReleaseWaitingContacts()
    {
        if (State.Deleted || State.WaitingContacts.Count == 0)
        {
            return;
        }

        foreach (var contact in State.WaitingContacts)
        {
            GrainFactory.GetGrain<IRecordGrain>(contact).AccountWritten();
        }

        // Not persisted on its own: if this is lost, the contacts' reminders retry them anyway.
        State.WaitingContacts.Clear();
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } serverSays && serverSays > TimeSpan.Zero)
        {
            return serverSays;
        }

        var exponential = options.Value.FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential < options.Value.MaxRetryDelay ? exponential : options.Value.MaxRetryDelay;
        return capped * (0.75 + Random.Shared.NextDouble() / 2);
    }

    /// <summary>
    /// Stores the state. Accept and the write loop interleave at awaits, so writes are serialized here.
    /// If storage fails the in-memory state may hold a change that is not durable: the activation is
    /// dropped so the next call reloads what storage really has.
    /// </summary>
    private async Task PersistOrReload()
    {
        await _persistGate.WaitAsync();
        try
        {
            // Whatever is in memory now, the written revision included, is what this write stores.
            _writtenNotStored = false;
            await store.WriteStateAsync();
        }
        catch (Exception ex)
        {
            _storageFailed = true;
            _superseded |= ex is InconsistentStateException;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _persistGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {Key} is parked: Dataverse refused it with {Error}")]
    private partial void LogParked(RecordKey key, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The write loop of record {Key} stopped; its reminder will resume it")]
    private partial void LogWriteLoopFailed(Exception exception, RecordKey key);
}
