using CrmSync.Dataverse;
using Microsoft.Extensions.Logging;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// Runs reconciles of one (source, entity), one at a time, and keeps the last report for the admin API. The work runs
/// off the grain's scheduler (it makes thousands of grain and Dataverse calls in parallel); a timer keeps the activation
/// alive meanwhile. Nothing is stored: a run is cheap to start again and all it changes goes through record grains.
/// </summary>
public sealed partial class ReconcileJobGrain(
    ISourcePageReader reader,
    DataverseClient dataverse,
    SourceCrmValues sourceValues,
    ILogger<ReconcileJobGrain> logger) : Grain, IReconcileJobGrain
{
    private static readonly TimeSpan KeepAliveTick = TimeSpan.FromSeconds(30);

    private string _id = "";
    private string _source = "";
    private string _entity = "";
    private ReconcileProgress _progress = new();
    private Task? _run;
    private bool _repair;
    private bool _dryRun;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _completedAt;
    private string? _error;
    private ReconcileReport? _report;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        if (!SyncJobId.TryParse(_id, out _source, out _entity))
        {
            throw new ArgumentException($"'{_id}' is not a reconcile id of the form source:entity (account or contact).");
        }

        return Task.CompletedTask;
    }

    ValueTask<ReconcileStatus> IReconcileJobGrain.Start(bool repair) => Begin(repair, dryRun: false);

    ValueTask<ReconcileStatus> IReconcileJobGrain.StartDryRun() => Begin(repair: false, dryRun: true);

    private ValueTask<ReconcileStatus> Begin(bool repair, bool dryRun)
    {
        if (_run is null or { IsCompleted: true })
        {
            _dryRun = dryRun;
            _progress = new ReconcileProgress();
            // Started from the first answer on, so a status asked right after the start never reads "not started".
            _progress.Enter(ReconcilePhase.ReadingSource);
            _repair = repair;
            _startedAt = DateTimeOffset.UtcNow;
            _completedAt = null;
            _error = null;
            _run = RunAsync(repair, dryRun);
        }

        return ValueTask.FromResult(Status());
    }

    ValueTask<ReconcileStatus> IReconcileJobGrain.GetStatus() => ValueTask.FromResult(Status());

    ValueTask<ReconcileReport?> IReconcileJobGrain.GetReport() => ValueTask.FromResult(_report);

    private async Task RunAsync(bool repair, bool dryRun)
    {
        using var keepAlive = this.RegisterGrainTimer(() => Task.CompletedTask, new GrainTimerCreationOptions(KeepAliveTick, KeepAliveTick) { KeepAlive = true, Interleave = true });
        var reconciler = new Reconciler(reader, dataverse, sourceValues.Rows(_source), GrainFactory, _progress);
        try
        {
            _report = await Task.Run(() => reconciler.RunAsync(_source, _entity, repair, CancellationToken.None, dryRun));
            _progress.End(ReconcilePhase.Completed, _report.SourceRecords);
            LogCompleted(_id, _report.Missing.Count, _report.Orphaned.Count, _report.Stale.Count, _report.Drifted.Count, _report.ElapsedSeconds);
        }
        catch (Exception ex)
        {
            _error = ex is SourceReadException ? ex.Message : $"The reconcile of {_id} stopped ({ex.Message}); start it again.";
            _progress.End(ReconcilePhase.Failed, 0);
            LogFailed(ex, _id);
        }
        finally
        {
            _completedAt = DateTimeOffset.UtcNow;
        }
    }

    private ReconcileStatus Status()
    {
        var (phase, done, total, rate) = _progress.Read();
        return new ReconcileStatus(_id, _source, _entity, phase, _repair, done, total, rate, _startedAt, _completedAt, _error) { DryRun = _dryRun };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile {Id}: {Missing} missing, {Orphaned} orphaned, {Stale} stale, {Drifted} drifted in {Seconds:0.0} s")]
    private partial void LogCompleted(string id, int missing, int orphaned, int stale, int drifted, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile {Id} failed")]
    private partial void LogFailed(Exception exception, string id);
}
