using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CrmSync.Grains.Sync;

/// <summary>
/// The initial sync of one (source, entity) (DESIGN.md §6). Its loop reads the source page by page and imports each
/// record through its record grain, checkpointing the cursor and counters after every page, so a crash re-imports at
/// most the page in hand. While it runs, a reminder wakes it on whichever silo is alive, and it resumes from the
/// checkpoint. Record grains report their imported changes as settled (written or parked), which paces the reading.
/// </summary>
public sealed partial class SyncJobGrain(
    [PersistentState("syncjob", StorageNames.Records)] IPersistentState<SyncJobProgress> store,
    ISourcePageReader reader,
    IOptions<SyncJobOptions> options,
    ILogger<SyncJobGrain> logger) : Grain, ISyncJobGrain, IRemindable
{
    private const string ResumeReminder = "sync-resume";

    private readonly SemaphoreSlim _persistGate = new(1, 1);
    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private readonly CancellationTokenSource _deactivating = new();
    private string _id = "";
    private string _source = "";
    private string _entity = "";
    private Task? _loop;
    private bool _reminderRegistered;
    private bool _flushScheduled;

    private SyncJobProgress Progress => store.State;

    private SyncJobOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        if (!SyncJobId.TryParse(_id, out _source, out _entity))
        {
            throw new ArgumentException($"'{_id}' is not a sync job id of the form source:entity (account or contact).");
        }

        // The state object itself, as Progress may only be read on the grain's own thread; it is never replaced.
        var progress = Progress;
        SyncJobTelemetry.Active(_id, () => (_source, _entity, progress));
        if (Progress.State == SyncJobState.Running)
        {
            // Reports of records imported before the crash or deactivation may be lost: do not wait for them.
            ForgetUnsettled();
            StartLoop();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SyncJobTelemetry.Inactive(_id);
        // The stored state still says Running: the reminder or the next call resumes from the checkpoint.
        await _deactivating.CancelAsync();
        try
        {
            await (_loop ?? Task.CompletedTask).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation ran out of time; the loop stops at its next await all the same.
        }
    }

    async ValueTask<SyncJobStatus> ISyncJobGrain.Start()
    {
        var started = Status();
        if (Progress.State != SyncJobState.Running)
        {
            await GrainFactory.GetGrain<ISyncJobRegistryGrain>(0).Register(_id);
            var now = DateTimeOffset.UtcNow;
            if (Progress.State is SyncJobState.NotStarted or SyncJobState.Completed)
            {
                Progress.StartNewRun(now);
                _unsettledBaseline = 0;
            }

            Progress.State = SyncJobState.Running;
            Progress.Error = null;
            Progress.UpdatedAt = now;
            // The job as started, taken before the awaits below: a loop still ending the last run sees Running, goes
            // round again and may read and count a page before this call answers.
            started = Status();
            await PersistOrReload();
            await KeepReminderInStep();
            LogStarted(_id, Progress.Run, Progress.Pages + 1);
        }

        StartLoop();
        return started;
    }

    ValueTask<SyncJobStatus> ISyncJobGrain.GetStatus() => ValueTask.FromResult(Status());

    async ValueTask<SyncJobStatus> ISyncJobGrain.Cancel()
    {
        if (Progress.State == SyncJobState.Running)
        {
            // The loop sees this after the page in hand and checkpoints it; a start resumes from there.
            Progress.State = SyncJobState.Cancelled;
            Progress.UpdatedAt = DateTimeOffset.UtcNow;
            await PersistOrReload();
            await KeepReminderInStep();
            LogCancelled(_id, Progress.Run, Progress.Pages);
        }

        return Status();
    }

    ValueTask ISyncJobGrain.RecordsSettled(int run, int written, int parked)
    {
        if (run == Progress.Run)
        {
            Progress.Written += written;
            Progress.Parked += parked;
            // While the loop runs its checkpoints store these; after it, a report would otherwise stay in memory only.
            if (_loop is null or { IsCompleted: true })
            {
                FlushSoon();
            }
        }

        return ValueTask.CompletedTask;
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderRegistered = true;
        if (Progress.State == SyncJobState.Running)
        {
            StartLoop();
        }
        else
        {
            await KeepReminderInStep();
        }
    }

    private SyncJobStatus Status()
    {
        var (rate, eta) = Progress.Pace(RunningTime());
        return new SyncJobStatus(_id, _source, _entity, Progress.Run, Progress.State)
        {
            Pages = Progress.Pages,
            Read = Progress.Read,
            Accepted = Progress.Accepted,
            Stale = Progress.Stale,
            Duplicate = Progress.Duplicate,
            Written = Progress.Written,
            Parked = Progress.Parked,
            Total = Progress.Total,
            RatePerSecond = rate,
            EtaSeconds = eta,
            StartedAt = Progress.StartedAt,
            UpdatedAt = Progress.UpdatedAt,
            CompletedAt = Progress.CompletedAt,
            Error = Progress.Error,
        };
    }

    /// <summary>Stores progress; the loop's checkpoints and the requests interleave at awaits, so writes are serialized.</summary>
    private async Task PersistOrReload()
    {
        await _persistGate.WaitAsync();
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // Memory may now hold what storage does not (and a stale ETag): start again from storage.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _persistGate.Release();
        }
    }

    private void FlushSoon()
    {
        if (_flushScheduled)
        {
            return;
        }

        _flushScheduled = true;
        _ = FlushAfterAMoment();
    }

    /// <summary>Reports come one per record: one write a second stores them all.</summary>
    private async Task FlushAfterAMoment()
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            _flushScheduled = false;
            await PersistOrReload();
        }
        catch (Exception ex)
        {
            _flushScheduled = false;
            LogFlushFailed(ex, _id);
        }
    }

    /// <summary>A running job holds its reminder and any other drops it; decided inside the gate, so the last caller's view wins.</summary>
    private async Task KeepReminderInStep()
    {
        await _reminderGate.WaitAsync();
        try
        {
            var running = Progress.State == SyncJobState.Running;
            if (running && !_reminderRegistered)
            {
                await this.RegisterOrUpdateReminder(ResumeReminder, Options.ResumePeriod, Options.ResumePeriod);
                _reminderRegistered = true;
            }
            else if (!running)
            {
                if (await this.GetReminder(ResumeReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                _reminderRegistered = false;
            }
        }
        finally
        {
            _reminderGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync job {Id} run {Run} reads from page {Page}")]
    private partial void LogStarted(string id, int run, long page);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync job {Id} run {Run} cancelled after {Pages} pages")]
    private partial void LogCancelled(string id, int run, long pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync job {Id} could not store its settled counts; the next checkpoint or report stores them")]
    private partial void LogFlushFailed(Exception exception, string id);
}
