namespace CrmSync.Grains;

/// <summary>A column's value (raw JSON) and the version of the change that last set it.</summary>
[GenerateSerializer, Immutable]
public readonly record struct FieldValue([property: Id(0)] string Json, [property: Id(1)] ChangeVersion Version);

/// <summary>What a record grain stores durably.</summary>
[GenerateSerializer]
public sealed class RecordState
{
    /// <summary>The desired state, column by column, each with the version that set it.</summary>
    [Id(0)] public Dictionary<string, FieldValue> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The newest version applied, a delete's included; null before the first change.</summary>
    [Id(1)] public ChangeVersion? Version { get; set; }

    /// <summary>A tombstone: the newest delete is newer than every upsert; only a newer change revives.</summary>
    [Id(2)] public bool Deleted { get; set; }

    /// <summary>The newest upsert's version, null before the first.</summary>
    [Id(8)] public ChangeVersion? UpsertVersion { get; set; }

    /// <summary>The newest delete's version: changes up to it are stale, fields older than it are gone.</summary>
    [Id(9)] public ChangeVersion? DeletedVersion { get; set; }

    /// <summary>Bumped whenever the desired state changes in a way Dataverse must see.</summary>
    [Id(3)] public long DesiredRevision { get; set; }

    /// <summary>The desired revision that Dataverse last confirmed.</summary>
    [Id(4)] public long WrittenRevision { get; set; }

    [Id(5)] public RecordStatus Status { get; set; } = RecordStatus.New;

    [Id(6)] public string? LastError { get; set; }

    /// <summary>For an account: the contacts whose writes wait until this row is in Dataverse.</summary>
    [Id(7)] public HashSet<string> WaitingContacts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest changes received and their outcomes, oldest first; at most <see cref="RecentChange.KeptPerRecord"/>.</summary>
    [Id(10)] public List<RecentChange> RecentChanges { get; set; } = [];

    /// <summary>When the record was last parked or kept.</summary>
    [Id(11)] public DateTimeOffset? ParkedAt { get; set; }

    /// <summary>The parking (its <see cref="ParkedAt"/>) that the parked-records registry is known to list; null when it is known to list none.</summary>
    [Id(12)] public DateTimeOffset? ListedParkedAt { get; set; }

    /// <summary>The id of a row CrmSync adopted (made before it under another id); null for the derived id.</summary>
    [Id(20)] public Guid? AdoptedRowId { get; set; }

    /// <summary>Whether the look-up for a row to adopt was done; it is done once per record.</summary>
    [Id(21)] public bool AdoptionChecked { get; set; }

    /// <summary>The row's etag after CrmSync's last write of it, which the next write sends as If-Match; null before the first write and after a delete.</summary>
    [Id(22)] public string? RowETag { get; set; }

    /// <summary>
    /// The columns as CrmSync last wrote them (raw JSON; lookups excepted), empty after a delete: an edit made in Dataverse
    /// is a column of the row that no longer holds them.
    /// </summary>
    [Id(26)] public Dictionary<string, string> WrittenColumns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest edits made in Dataverse that the record's writes ran into, oldest first; at most <see cref="DataverseEditLimit"/>.</summary>
    [Id(23)] public List<DataverseEdit> DataverseEdits { get; set; } = [];

    /// <summary>
    /// Writing stopped for an edit made in Dataverse (OnDataverseEdit Keep or Park): new changes are stored, but only an
    /// admin's retry writes again, since new data does not settle whose edit wins.
    /// </summary>
    [Id(24)] public bool HeldForEdit { get; set; }

    /// <summary>Whether the registry that lists the record (see <see cref="ListedParkedAt"/>) is the kept one rather than the parked one.</summary>
    [Id(25)] public bool ListedAsKept { get; set; }

    public const int DataverseEditLimit = 10;

    public bool HasPendingWrite => DesiredRevision > WrittenRevision;

    public bool IsParkedOrKept => Status is RecordStatus.Parked or RecordStatus.Kept;

    /// <summary>The registry lists this record exactly when, and as, it is parked (or, in the kept registry, kept).</summary>
    public bool ListingInStep => IsParkedOrKept
        ? ParkedAt is not null && ListedParkedAt == ParkedAt && ListedAsKept == (Status == RecordStatus.Kept)
        : ListedParkedAt is null;

    public void Remember(RecentChange change)
    {
        RecentChanges.Add(change);
        if (RecentChanges.Count > RecentChange.KeptPerRecord)
        {
            RecentChanges.RemoveRange(0, RecentChanges.Count - RecentChange.KeptPerRecord);
        }
    }

    public void Remember(DataverseEdit edit)
    {
        DataverseEdits.Add(edit);
        if (DataverseEdits.Count > DataverseEditLimit)
        {
            DataverseEdits.RemoveRange(0, DataverseEdits.Count - DataverseEditLimit);
        }
    }
}
