using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace CrmSync.Grains.Sync;

public sealed partial class SyncJobGrain
{
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(100);

    private long _unsettledBaseline;
    private long _pageAccepted;
    private DateTimeOffset? _stretchStart;

    /// <summary>Imported changes not yet reported written or parked, less those the job stopped waiting for.</summary>
    private long Unsettled => Math.Max(0, Progress.Accepted + _pageAccepted - Progress.Written - Progress.Parked - _unsettledBaseline);

    private bool Running => Progress.State == SyncJobState.Running && !_deactivating.IsCancellationRequested;

    /// <summary>Starts the loop unless it runs: the single place it begins, so one reads at a time.</summary>
    private void StartLoop()
    {
        if (_loop is null or { IsCompleted: true } && !_deactivating.IsCancellationRequested)
        {
            _loop = RunWhileRunning();
        }
    }

    private void ForgetUnsettled() => _unsettledBaseline = Math.Max(0, Progress.Accepted - Progress.Written - Progress.Parked);

    private async Task RunWhileRunning()
    {
        // Ticks keep the activation alive while it works for no caller; they also tell the log how far it got.
        using var progress = this.RegisterGrainTimer(LogProgress, new GrainTimerCreationOptions(Options.ProgressInterval, Options.ProgressInterval) { KeepAlive = true, Interleave = true });
        // A start that came while the last stretch was ending finds this loop still running, so it goes round again.
        while (Running)
        {
            _stretchStart = DateTimeOffset.UtcNow;
            try
            {
                await KeepReminderInStep();
                await ReadAndImport(_deactivating.Token);
            }
            catch (OperationCanceledException) when (_deactivating.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await Fail(ex is SourceReadException or SyncJobFailure
                    ? ex.Message
                    : $"The sync job stopped unexpectedly ({ex.Message}); start it again to resume from page {Progress.Pages + 1}.", ex);
            }
            finally
            {
                EndStretch();
            }
        }
    }

    /// <summary>
    /// Page by page: read, import, checkpoint, and only then read the next. Reading ahead would be faster, but a crash
    /// would then make the job read two pages again; this way it re-reads at most the one it held.
    /// </summary>
    private async Task ReadAndImport(CancellationToken stopping)
    {
        var cursor = Progress.Cursor;
        var more = !Progress.AllRead;
        while (more)
        {
            var page = await ReadWithRetries(cursor, Progress.Pages + 1, stopping);
            if (!Running)
            {
                return;
            }

            await ImportPage(page, stopping);
            await Checkpoint(page);
            (cursor, more) = (page.NextCursor, page.NextCursor is not null);
            if (!Running)
            {
                return;
            }

            if (more)
            {
                await WaitUntilUnsettledAtMost(Options.MaxUnsettled, stopping);
            }
        }

        await WaitUntilUnsettledAtMost(0, stopping);
        if (Running)
        {
            Progress.State = SyncJobState.Completed;
            Progress.CompletedAt = Progress.UpdatedAt = DateTimeOffset.UtcNow;
            EndStretch();
            await PersistOrReload();
            await KeepReminderInStep();
            LogCompleted(_id, Progress.Run, Progress.Pages, Progress.Read, Progress.Accepted, Progress.Written, Progress.Parked);
        }
    }

    private async Task ImportPage(SourcePage page, CancellationToken stopping)
    {
        _pageAccepted = 0;
        var counts = new long[3];
        var ticket = new SyncTicket(_id, Progress.Run);
        using var slots = new SemaphoreSlim(Math.Max(1, Options.MaxInFlight));
        var imports = new List<Task>(page.Changes.Count);
        foreach (var change in page.Changes)
        {
            await slots.WaitAsync(stopping);
            imports.Add(ImportOne(change));
        }

        await Task.WhenAll(imports).WaitAsync(stopping);
        Progress.Accepted += counts[(int)AcceptOutcome.Accepted];
        Progress.Stale += counts[(int)AcceptOutcome.Stale];
        Progress.Duplicate += counts[(int)AcceptOutcome.Duplicate];
        _pageAccepted = 0;

        async Task ImportOne(RecordChange change)
        {
            try
            {
                var outcome = await ImportWithRetries(change, ticket, stopping);
                counts[(int)outcome]++;
                if (outcome == AcceptOutcome.Accepted)
                {
                    _pageAccepted++;
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task Checkpoint(SourcePage page)
    {
        Progress.Cursor = page.NextCursor;
        Progress.AllRead = page.NextCursor is null;
        Progress.Pages++;
        Progress.Read += page.Changes.Count;
        Progress.Total = page.Total ?? Progress.Total;
        Progress.UpdatedAt = DateTimeOffset.UtcNow;
        EndStretch();
        _stretchStart = Progress.UpdatedAt;
        await PersistOrReload();
    }

    /// <summary>
    /// Pauses while too many imported records are unsettled, but never for ever: reports lost in a crash would
    /// otherwise stop the job, so once none has settled for <see cref="SyncJobOptions.MaxSettleWait"/> it stops
    /// waiting for those. While records still settle (a throttled Dataverse writing slowly) it waits on, so that
    /// the records held in memory stay bounded by <see cref="SyncJobOptions.MaxUnsettled"/>.
    /// </summary>
    private async Task WaitUntilUnsettledAtMost(long limit, CancellationToken stopping)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Options.MaxSettleWait;
        var settled = Progress.Written + Progress.Parked;
        while (Unsettled > limit && Running)
        {
            if (Progress.Written + Progress.Parked != settled)
            {
                settled = Progress.Written + Progress.Parked;
                giveUpAt = DateTimeOffset.UtcNow + Options.MaxSettleWait;
            }
            else if (DateTimeOffset.UtcNow > giveUpAt)
            {
                LogGaveUpWaiting(_id, Unsettled);
                ForgetUnsettled();
                return;
            }

            await Task.Delay(SettlePoll, stopping);
        }
    }

    private TimeSpan RunningTime() => Progress.RunningTime + (_stretchStart is { } start ? DateTimeOffset.UtcNow - start : TimeSpan.Zero);

    private void EndStretch()
    {
        Progress.RunningTime = RunningTime();
        _stretchStart = null;
    }

    private Task LogProgress()
    {
        if (Running)
        {
            var (rate, eta) = Progress.Pace(RunningTime());
            LogPace(_id, Progress.Run, Progress.Pages, Progress.Read, Progress.Total, Progress.Accepted, Progress.Written, Progress.Parked, Math.Round(rate, 1), eta is { } seconds ? Math.Ceiling(seconds) : null);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync job {Id} run {Run}: {Pages} pages, {Read} read of {Total}, {Accepted} accepted, {Written} written, {Parked} parked, {Rate} records/s, ETA {Eta} s")]
    private partial void LogPace(string id, int run, long pages, long read, long? total, long accepted, long written, long parked, double rate, double? eta);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync job {Id} run {Run} completed: {Pages} pages, {Read} read, {Accepted} accepted, {Written} written, {Parked} parked")]
    private partial void LogCompleted(string id, int run, long pages, long read, long accepted, long written, long parked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync job {Id} stopped waiting for {Unsettled} imported records to settle, none having settled for a while; their reports may have been lost in a crash, or Dataverse is refusing writes")]
    private partial void LogGaveUpWaiting(string id, long unsettled);
}
