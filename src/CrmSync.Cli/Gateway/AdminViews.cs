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
    string? Error = null);

public sealed record PollList(IReadOnlyList<PollView> Polls);
