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

    /// <summary>Dataverse refused the row for good, or the row was edited in Dataverse (OnDataverseEdit Park); it waits for a retry.</summary>
    Parked,

    /// <summary>
    /// The row was edited in Dataverse and its source keeps such edits (OnDataverseEdit Keep): CrmSync stores the record's
    /// changes but writes the row no more, until an admin retries it (which writes over the edit).
    /// </summary>
    Kept,
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

    /// <summary>When the record was parked or kept; null unless <see cref="Status"/> is <see cref="RecordStatus.Parked"/> or <see cref="RecordStatus.Kept"/>.</summary>
    [Id(11)] public DateTimeOffset? ParkedAt { get; init; }

    /// <summary>The latest changes the record received and what it decided, oldest first.</summary>
    [Id(12)] public List<RecentChange> RecentChanges { get; init; } = [];

    /// <summary>The latest edits made in Dataverse to the record's row that its writes ran into, oldest first.</summary>
    [Id(13)] public List<DataverseEdit> DataverseEdits { get; init; } = [];
}

/// <summary>
/// An edit made in Dataverse to a row CrmSync wrote, found when CrmSync's next write of the row was refused with 412
/// (its If-Match named the versionnumber of CrmSync's own last write), and what the source's policy did about it.
/// </summary>
/// <param name="Columns">The columns CrmSync writes whose value in Dataverse differs from CrmSync's, by logical name.</param>
/// <param name="RowETag">The row's etag as found; null when the row was deleted in Dataverse.</param>
[GenerateSerializer, Immutable]
public sealed record DataverseEdit(
    [property: Id(0)] DateTimeOffset FoundAt,
    [property: Id(1)] DataverseEditPolicy Policy,
    [property: Id(2)] Dictionary<string, EditedColumn> Columns,
    [property: Id(3)] string? RowETag)
{
    public bool RowDeleted => RowETag is null;

    /// <summary>One line for logs, the parked list and the CLI.</summary>
    public override string ToString() => RowDeleted
        ? "the row was deleted in Dataverse"
        : Columns.Count == 0
            ? $"the row was changed in Dataverse (now {RowETag})"
            : $"edited in Dataverse: {string.Join(", ", Columns.Select(c => $"{c.Key} is {c.Value.InDataverse ?? "null"}, CrmSync's is {c.Value.FromCrm ?? "null"}"))}";
}

/// <summary>A column's value (raw JSON) in Dataverse, as someone edited it, and the value CrmSync was writing.</summary>
[GenerateSerializer, Immutable]
public sealed record EditedColumn([property: Id(0)] string? InDataverse, [property: Id(1)] string? FromCrm);

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
    [property: Id(4)] long Revision)
{
    /// <summary>How many of its latest changes a record keeps: its history in the admin API, and what its stored state grows by.</summary>
    public const int KeptPerRecord = 20;
}
