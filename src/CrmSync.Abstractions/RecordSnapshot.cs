namespace CrmSync.Abstractions;

[GenerateSerializer]
public enum RecordStatus
{
    /// <summary>The grain has never accepted a change.</summary>
    New,

    /// <summary>Desired state not yet in Dataverse; a write is under way or will be retried.</summary>
    Pending,

    /// <summary>A contact waiting for its account to reach Dataverse.</summary>
    WaitingForAccount,

    /// <summary>Dataverse holds the desired state.</summary>
    Written,

    /// <summary>Dataverse refused the row for good; it waits for a retry.</summary>
    Parked,
}

/// <summary>The record as its grain holds it, for the admin API. Fields hold raw JSON values.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordSnapshot(
    [property: Id(0)] RecordKey Key,
    [property: Id(1)] RecordStatus Status,
    [property: Id(2)] bool Deleted,
    [property: Id(3)] ChangeVersion? Version,
    [property: Id(4)] long DesiredRevision,
    [property: Id(5)] long WrittenRevision,
    [property: Id(6)] Dictionary<string, string> Fields,
    [property: Id(7)] string? LastError,
    [property: Id(8)] Guid RowId)
{
    /// <summary>The newest upsert's version; null before the first.</summary>
    [Id(9)] public ChangeVersion? UpsertVersion { get; init; }

    /// <summary>The newest delete's version (the tombstone's); null when none was received.</summary>
    [Id(10)] public ChangeVersion? DeletedVersion { get; init; }

    /// <summary>When the record was parked; null unless <see cref="Status"/> is <see cref="RecordStatus.Parked"/>.</summary>
    [Id(11)] public DateTimeOffset? ParkedAt { get; init; }

    /// <summary>The latest changes the record received and what it decided, oldest first.</summary>
    [Id(12)] public List<RecentChange> RecentChanges { get; init; } = [];
}

/// <summary>
/// A change a record received and what it decided. <see cref="Revision"/> is the record's desired revision
/// after the change: the change is in Dataverse once the written revision reaches it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecentChange(
    [property: Id(0)] ChangeVersion Version,
    [property: Id(1)] ChangeOperation Operation,
    [property: Id(2)] AcceptOutcome Outcome,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] long Revision);
