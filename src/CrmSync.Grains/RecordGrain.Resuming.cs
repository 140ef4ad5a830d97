using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace CrmSync.Grains;

/// <summary>
/// How a pending write survives a crash (I1, I5), at a cost per activation rather than per change.
/// </summary>
/// <remarks>
/// The reminder is what resumes an acknowledged change whose write had not reached Dataverse when the silo died, so it
/// is registered, and stored, before Accept answers whenever a change leaves a write pending and this activation holds
/// no reminder. Registering it later (only for writes still pending after a delay) would open a window in which an
/// acknowledged change is stored but nothing would ever wake its record; so it is not delayed, it is kept instead.
/// Registering and dropping it around every write cost a reminder-table write each way, a read and a cancelled timer
/// per change. Now it stays while the record is busy, and is dropped when the record deactivates idle or at a tick
/// that finds it idle for a whole period: a record kept busy registers it once.
///
/// The written revision is not stored after each write either; the next change stores it, and so does deactivation,
/// so that a record activated again (by a duplicate, say) does not write again (I6). A crash in between loses no
/// change: the row is already in Dataverse, and the record's next activation, by its reminder or a later change,
/// only upserts the same newest state again.
/// </remarks>
public sealed partial class RecordGrain
{
    private const string ResumeReminder = "resume-write";

    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private bool _reminderRegistered;
    private IGrainReminder? _reminder;
    private DateTime _wentIdleAt = DateTime.MinValue;
    private bool _writtenNotStored;
    private bool _storageFailed;

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderRegistered = true;
        if (State.Status == RecordStatus.WaitingForAccount)
        {
            State.Status = RecordStatus.Pending;
        }

        if (State is { HasPendingWrite: true, Status: RecordStatus.Pending })
        {
            StartWriting();
            return Task.CompletedTask;
        }

        return ListThenDropReminderWhenIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // After a failed write the memory may hold what storage refused: the next activation reads what storage has.
        if (!_storageFailed)
        {
            try
            {
                // Both usually share one SQLite commit.
                await Task.WhenAll(_writtenNotStored ? PersistOrReload() : Task.CompletedTask, DropReminder());
            }
            catch (Exception ex)
            {
                LogDeactivationStoreFailed(ex, _key);
            }
        }

        HandOverIfSuperseded();
    }

    /// <summary>Stores a change that leaves a write pending, and the reminder that resumes it; both before Accept answers.</summary>
    private Task StoreWithReminder() => Task.WhenAll(EnsureReminder(), PersistOrReload());

    private async Task ListThenDropReminderWhenIdle()
    {
        await KeepListingInStep();
        if (DateTime.UtcNow - _wentIdleAt >= options.Value.ResumePeriod)
        {
            await DropReminder();
        }
    }

    /// <summary>
    /// Reminder changes are serialized and decided inside the gate: an Accept must never skip
    /// registering because a drop that is about to remove the reminder is still in flight.
    /// </summary>
    private async Task EnsureReminder()
    {
        await _reminderGate.WaitAsync();
        try
        {
            if (!_reminderRegistered)
            {
                _reminder = await RegisterResumeReminder();
                _reminderRegistered = true;
            }
        }
        catch
        {
            // Callers have already applied a change in memory that is not stored: as when storing fails, the activation
            // is dropped, or a resend would be answered "duplicate" from memory while storage is still down.
            _storageFailed = true;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _reminderGate.Release();
        }
    }

    /// <summary>
    /// Registers the reminder with the reminder service that owns this grain's part of the ring or, when that owner does not
    /// answer within <see cref="RecordGrainOptions.ReminderServiceTimeout"/> (killed and not yet declared dead, or just
    /// joined and still loading its range), stores the reminder's row in the reminder table itself; null then, as no
    /// service holds the reminder yet.
    /// </summary>
    /// <remarks>
    /// The row is what makes the pending write resumable (I1): every reminder service reads the rows of its range from the
    /// table when it starts, when its range changes and at each refresh (Orleans' LocalReminderService), and Orleans
    /// itself stores a registration that reaches a stale owner the same way. So a row stored while the ring changes is
    /// ticked by whichever service owns it once membership settles, at the latest one refresh period (15 s, see
    /// SiloMemoryExtensions) later. Waiting for the owner instead refused the change with 503 until the dead silo was
    /// declared dead or the new one had loaded.
    /// </remarks>
    private async Task<IGrainReminder?> RegisterResumeReminder()
    {
        var period = options.Value.ResumePeriod;
        try
        {
            return await this.RegisterOrUpdateReminder(ResumeReminder, period, period).WaitAsync(options.Value.ReminderServiceTimeout);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogReminderStoredWithoutItsService(_key, ex.GetType().Name);
            var row = new ReminderEntry { GrainId = this.GetGrainId(), ReminderName = ResumeReminder, StartAt = DateTime.UtcNow + period, Period = period };
            await reminderTable.UpsertRow(row);
            return null;
        }
    }

    /// <summary>Drops the reminder this activation knows of, unless a write is pending or the registry is out of step.</summary>
    private async Task DropReminder()
    {
        await _reminderGate.WaitAsync();
        try
        {
            if (!_reminderRegistered || (State.HasPendingWrite && !State.IsParkedOrKept) || !State.ListingInStep)
            {
                return;
            }

            if ((_reminder ?? await this.GetReminder(ResumeReminder)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminder = null;
            _reminderRegistered = false;
        }
        finally
        {
            _reminderGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Record {Key} stored its resume reminder in the reminder table itself: the reminder service that owns it did not answer ({Reason})")]
    private partial void LogReminderStoredWithoutItsService(RecordKey key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {Key} could not store its written revision or drop its reminder while deactivating; it may write its row again")]
    private partial void LogDeactivationStoreFailed(Exception exception, RecordKey key);
}
