namespace CrmSync.Abstractions;

/// <summary>
/// Compares one (source, entity) in the CRM with its rows in Dataverse and the record grains' state, and with
/// <c>repair</c> puts each difference right through the record grains. Keyed like a sync job ("{source}:{entity}").
/// A run lives in the silo's memory: a silo restart loses it, and it is simply started again (it writes nothing
/// that a second run would not write too).
/// </summary>
public interface IReconcileJobGrain : IGrainWithStringKey
{
    /// <summary>Starts a run unless one is running; a running one is answered as it is.</summary>
    ValueTask<ReconcileStatus> Start(bool repair);

    /// <summary>
    /// Starts a dry run of the initial sync unless a run is going: it predicts the creates and updates (column by
    /// column) that <c>sync start</c> would make, and writes nothing to Dataverse or to any grain's state.
    /// </summary>
    ValueTask<ReconcileStatus> StartDryRun();

    ValueTask<ReconcileStatus> GetStatus();

    /// <summary>The last completed run's findings; null before one completed.</summary>
    ValueTask<ReconcileReport?> GetReport();
}

[GenerateSerializer]
public enum ReconcilePhase
{
    NotStarted,
    ReadingSource,
    ReadingDataverse,
    Checking,
    Repairing,
    Completed,
    Failed,
}

/// <summary>
/// A run's progress: <see cref="Done"/> of <see cref="Total"/> (null when unknown) in the current phase, e.g. source
/// records read, Dataverse rows read, differing records checked against their grains, repairs settled.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReconcileStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string Entity,
    [property: Id(3)] ReconcilePhase Phase,
    [property: Id(4)] bool Repair,
    [property: Id(5)] long Done,
    [property: Id(6)] long? Total,
    [property: Id(7)] double RatePerSecond,
    [property: Id(8)] DateTimeOffset? StartedAt,
    [property: Id(9)] DateTimeOffset? CompletedAt,
    [property: Id(10)] string? Error)
{
    [Id(11)] public bool DryRun { get; init; }

    public bool HasEnded => Phase is ReconcilePhase.Completed or ReconcilePhase.Failed;
}

/// <summary>
/// What a reconcile found, by source id, each list sorted. Missing: in the CRM, not in Dataverse. Orphaned: in
/// Dataverse, gone from the CRM. Stale: the grain has not applied the CRM's version, so the row is older than the CRM.
/// Drifted: the grain is up to date and written, but the row's columns differ from its desired state (edited in
/// Dataverse after CrmSync wrote it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReconcileReport(
    [property: Id(0)] string Source,
    [property: Id(1)] string Entity,
    [property: Id(2)] bool Repair,
    [property: Id(3)] long SourceRecords,
    [property: Id(4)] long DataverseRows,
    [property: Id(5)] List<string> Missing,
    [property: Id(6)] List<string> Orphaned,
    [property: Id(7)] List<string> Stale,
    [property: Id(8)] List<string> Drifted,
    [property: Id(9)] long Repaired,
    [property: Id(10)] long PeakManagedBytes,
    [property: Id(11)] long BaselineManagedBytes,
    [property: Id(12)] double ElapsedSeconds,
    [property: Id(13)] DateTimeOffset CompletedAt)
{
    /// <summary>Differing records whose grain still had a write pending or parked: CrmSync is already on them, or lists them as parked.</summary>
    [Id(14)] public long InFlight { get; init; }

    /// <summary>Repairs that had not reached Dataverse when the run stopped waiting for them.</summary>
    [Id(15)] public long Unsettled { get; init; }

    /// <summary>A dry run's prediction of what the initial sync would write; null for a reconcile.</summary>
    [Id(16)] public SyncPlan? Plan { get; init; }
}

/// <summary>
/// What a sync run would write, by source id, sorted. Deletes are listed for completeness: the initial sync imports
/// what the source lists, so it deletes only when a page carries a delete.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SyncPlan(
    [property: Id(0)] List<string> Creates,
    [property: Id(1)] List<PlannedUpdate> Updates,
    [property: Id(2)] List<string> Deletes);

/// <summary>An update: each column that would change, with the row's value and the new one (canonical JSON).</summary>
[GenerateSerializer, Immutable]
public sealed record PlannedUpdate([property: Id(0)] string SourceId, [property: Id(1)] List<ColumnChange> Columns);

[GenerateSerializer, Immutable]
public sealed record ColumnChange([property: Id(0)] string Column, [property: Id(1)] string Old, [property: Id(2)] string New);

public static class ReconcileJobId
{
    public static string For(string source, string entity) => SyncJobId.For(source, entity);
}
