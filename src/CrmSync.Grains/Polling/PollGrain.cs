using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CrmSync.Grains.Polling;

/// <summary>
/// The incremental pull of one (source, entity) (issue 13). While the source's Poll:Interval is set, a timer runs a
/// round every interval and a reminder brings the grain back after a crash or restart; each round reads the changes
/// since the persisted watermark and hands them to their record grains through Accept, as webhooks do. Versions
/// decide, so a round never overwrites a newer webhook change and a change read twice costs no write (I2, I6).
/// </summary>
public sealed partial class PollGrain(
    [PersistentState("poll", StorageNames.Records)] IPersistentState<PollState> store,
    ISourceChangeFeed feed,
    IOptionsMonitor<CrmSyncOptions> sources,
    IOptions<PollGrainOptions> options,
    ILogger<PollGrain> logger) : Grain, IPollGrain, IRemindable
{
    private const string ScheduleReminder = "poll-schedule";

    private string _id = "";
    private string _source = "";
    private string _entity = "";
    private IGrainTimer? _timer;
    private TimeSpan? _timerInterval;

    private PollState State => store.State;

    private PollGrainOptions Options => options.Value;

    /// <summary>The source's settings as configured now, so a changed interval takes effect at the next reminder.</summary>
    private PollOptions Settings => SourceName() is { } name ? sources.CurrentValue.Sources[name].Poll : new PollOptions();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        if (!SyncJobId.TryParse(_id, out _source, out _entity))
        {
            throw new ArgumentException($"'{_id}' is not a poll id of the form source:entity (account or contact).");
        }

        if (State.Scheduled && Settings.Enabled)
        {
            KeepTimerInStep();
        }

        return Task.CompletedTask;
    }

    async ValueTask<PollStatus> IPollGrain.Start()
    {
        await KeepScheduleInStep();
        return Status();
    }

    async ValueTask<PollRound> IPollGrain.PollNow() => await RunRound();

    ValueTask<PollStatus> IPollGrain.GetStatus() => ValueTask.FromResult(Status());

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => await KeepScheduleInStep();

    /// <summary>Scheduled while the source has an interval and a kind that can be polled; otherwise the reminder and timer go.</summary>
    private async Task KeepScheduleInStep()
    {
        var scheduled = Settings.Enabled && feed.CanPoll(_source, _entity);
        if (scheduled)
        {
            await this.RegisterOrUpdateReminder(ScheduleReminder, Options.ResumePeriod, Options.ResumePeriod);
        }
        else if (await this.GetReminder(ScheduleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (State.Scheduled != scheduled)
        {
            State.Scheduled = scheduled;
            await store.WriteStateAsync();
            LogSchedule(_id, scheduled, Settings.Interval);
        }

        KeepTimerInStep();
    }

    /// <summary>
    /// Rounds run on a grain timer, since reminders are not meant for periods of seconds. The timer does not
    /// interleave, so a round and a <see cref="IPollGrain.PollNow"/> never read at once.
    /// </summary>
    private void KeepTimerInStep()
    {
        var interval = State.Scheduled ? Settings.Interval : null;
        if (interval == _timerInterval)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _timerInterval = interval;
        if (interval is { } period)
        {
            var due = State.LastRoundAt is { } last && last + period > DateTimeOffset.UtcNow ? last + period - DateTimeOffset.UtcNow : TimeSpan.Zero;
            _timer = this.RegisterGrainTimer(async () => await RunRound(), new GrainTimerCreationOptions(due, period) { KeepAlive = true });
        }
    }

    private string? SourceName() =>
        sources.CurrentValue.Sources.Keys.FirstOrDefault(key => string.Equals(key, _source, StringComparison.OrdinalIgnoreCase));

    private PollStatus Status() => new(_id, _source, _entity, State.Scheduled)
    {
        Interval = Settings.Interval,
        Overlap = Settings.Overlap,
        Watermark = State.Watermark,
        Rounds = State.Rounds,
        Read = State.Read,
        Accepted = State.Accepted,
        Stale = State.Stale,
        Duplicate = State.Duplicate,
        Deletes = State.Deletes,
        LastRoundAt = State.LastRoundAt,
        Error = State.Error,
        FailedRounds = State.FailedRounds,
        Gap = State.Gap,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Id} scheduled: {Scheduled}, every {Interval}")]
    private partial void LogSchedule(string id, bool scheduled, TimeSpan? interval);
}
