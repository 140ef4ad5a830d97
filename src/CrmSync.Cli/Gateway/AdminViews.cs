using System.Text.Json;

namespace CrmSync.Cli.Gateway;

// The JSON the gateway's admin API answers, as crmsync reads it (src/CrmSync.Gateway/Admin/AdminViews.cs and the
// sync endpoints). The CLI talks HTTP only, so it keeps its own copy instead of referencing the gateway.

public enum SyncJobState
{
    NotStarted,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A sync job's progress. <see cref="Rate"/> is records read per second; <see cref="Total"/> and <see cref="EtaSeconds"/> are null when the source does not tell its count.</summary>
public sealed record SyncJobView(
    string Id,
    string Source,
    string Entity,
    int Run,
    SyncJobState State,
    long Pages = 0,
    long Read = 0,
    long Accepted = 0,
    long Stale = 0,
    long Duplicate = 0,
    long Written = 0,
    long Parked = 0,
    long? Total = null,
    double Rate = 0,
    double? EtaSeconds = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? UpdatedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? Error = null)
{
    public bool HasEnded => State is SyncJobState.Completed or SyncJobState.Failed or SyncJobState.Cancelled;
}

public sealed record SyncJobList(IReadOnlyList<SyncJobView> Jobs);

public sealed record ParkedRecordItem(string Key, string Source, string Entity, string Id, string? Error, DateTimeOffset ParkedAt);

public sealed record ParkedRecordList(IReadOnlyList<ParkedRecordItem> Items, string? Continuation);

public sealed record RecordView(
    string Key,
    string Source,
    string Entity,
    string Id,
    string Status,
    bool Deleted,
    RecordVersions Versions,
    long DesiredRevision,
    long WrittenRevision,
    Guid RowId,
    string? LastError,
    DateTimeOffset? ParkedAt,
    IReadOnlyDictionary<string, JsonElement> Fields,
    IReadOnlyList<RecentChangeView> RecentChanges,
    IReadOnlyList<DataverseEditView>? DataverseEdits = null);

public sealed record RecordVersions(string? Newest, string? Upsert, string? Delete);

public sealed record RecentChangeView(string Version, string Operation, string Outcome, DateTimeOffset ReceivedAt, long Revision, bool Written);

public sealed record DataverseEditView(DateTimeOffset FoundAt, string Policy, bool RowDeleted, string? RowETag, IReadOnlyDictionary<string, EditedColumnView> Columns);

public sealed record EditedColumnView(JsonElement? InDataverse, JsonElement? FromCrm);

public sealed record RetryView(string Key, string Status);

public sealed record RetryParkedView(int Retrying);

/// <summary>An RFC 9457 problem, as the gateway answers every refusal.</summary>
public sealed record ProblemView(string? Title, string? Detail, int? Status);

/// <summary>An entity's incremental pull (<c>GET /admin/poll</c>); interval and overlap in seconds, interval null when unscheduled.</summary>
public sealed record PollView(
    string Id,
    string Source,
    string Entity,
    bool Scheduled,
    double? IntervalSeconds = null,
    double OverlapSeconds = 0,
    string? Watermark = null,
    long Rounds = 0,
    long Read = 0,
    long Accepted = 0,
    long Stale = 0,
    long Duplicate = 0,
    long Deletes = 0,
    DateTimeOffset? LastRoundAt = null,
    int FailedRounds = 0,
    string? Error = null,
    string? Gap = null);

public sealed record PollList(IReadOnlyList<PollView> Polls);

/// <summary>A reconcile's progress: <see cref="Done"/> of <see cref="Total"/> in its current <see cref="Phase"/>.</summary>
public sealed record ReconcileView(
    string Id,
    string Source,
    string Entity,
    string Phase,
    bool Repair,
    long Done = 0,
    long? Total = null,
    double Rate = 0,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? Error = null)
{
    public bool HasEnded => Phase is "Completed" or "Failed";
}

/// <summary>What a reconcile found, by source id; crmsync reads the counts and writes the whole report to --out.</summary>
public sealed record ReconcileReportView(
    string Source,
    string Entity,
    bool Repair,
    long SourceRecords,
    long DataverseRows,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Orphaned,
    IReadOnlyList<string> Stale,
    IReadOnlyList<string> Drifted,
    long Repaired,
    long PeakManagedBytes,
    long BaselineManagedBytes,
    double ElapsedSeconds,
    long InFlight = 0,
    long Unsettled = 0)
{
    public int Differences => Missing.Count + Orphaned.Count + Stale.Count + Drifted.Count;
}

/// <summary>A dry run's prediction, as the report's <c>plan</c> holds it.</summary>
public sealed record SyncPlanView(IReadOnlyList<string> Creates, IReadOnlyList<PlannedUpdateView> Updates, IReadOnlyList<string> Deletes);

public sealed record PlannedUpdateView(string SourceId, IReadOnlyList<ColumnChangeView> Columns);

public sealed record ColumnChangeView(string Column, string Old, string New);

public sealed record DryRunReportView(SyncPlanView Plan, long SourceRecords, double ElapsedSeconds);
