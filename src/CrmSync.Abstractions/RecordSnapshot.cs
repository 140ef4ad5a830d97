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
    [property: Id(8)] Guid RowId);
