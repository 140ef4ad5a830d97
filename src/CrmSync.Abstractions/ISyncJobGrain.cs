namespace CrmSync.Abstractions;

/// <summary>
/// The initial sync of one (source, entity), keyed by <see cref="SyncJobId"/> ("{source}:{entity}";
/// configuration keys cannot hold ':'). It pages through the source, checkpoints its cursor after every
/// page and hands each record to its record grain with IRecordGrain.Import.
/// </summary>
public interface ISyncJobGrain : IGrainWithStringKey
{
    /// <summary>Starts a run, or resumes a running, failed or cancelled one from its checkpoint; a completed job starts a new run.</summary>
    ValueTask<SyncJobStatus> Start();

    ValueTask<SyncJobStatus> GetStatus();

    /// <summary>Stops after the page in hand; the checkpoint stays, so a later start resumes.</summary>
    ValueTask<SyncJobStatus> Cancel();

    /// <summary>Told by record grains of <paramref name="run"/> once their imported change reached Dataverse or was parked.</summary>
    [OneWay]
    ValueTask RecordsSettled(int run, int written, int parked);
}

/// <summary>Every sync job ever started, for <c>GET /admin/sync/jobs</c>. A single grain, key 0.</summary>
public interface ISyncJobRegistryGrain : IGrainWithIntegerKey
{
    ValueTask Register(string jobId);

    ValueTask<IReadOnlyList<string>> GetJobIds();
}

public static class SyncJobId
{
    public static string For(string source, string entity) => $"{source}:{entity}";

    public static bool TryParse(string id, out string source, out string entity)
    {
        var colon = id.LastIndexOf(':');
        source = colon > 0 ? id[..colon] : "";
        entity = colon > 0 ? id[(colon + 1)..] : "";
        return colon > 0 && Entities.IsKnown(entity);
    }
}

/// <summary>What a record grain needs to report an imported change back to its job.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncTicket([property: Id(0)] string JobId, [property: Id(1)] int Run);

[GenerateSerializer]
public enum SyncJobState
{
    NotStarted,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A job's progress, as <c>GET /admin/sync/jobs/{id}</c> shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncJobStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string Entity,
    [property: Id(3)] int Run,
    [property: Id(4)] SyncJobState State)
{
    [Id(5)] public long Pages { get; init; }
    [Id(6)] public long Read { get; init; }
    [Id(7)] public long Accepted { get; init; }
    [Id(8)] public long Stale { get; init; }
    [Id(9)] public long Duplicate { get; init; }
    [Id(10)] public long Written { get; init; }
    [Id(11)] public long Parked { get; init; }

    /// <summary>The source's record count when it tells it.</summary>
    [Id(12)] public long? Total { get; init; }

    /// <summary>Records read per second over the run so far.</summary>
    [Id(13)] public double RatePerSecond { get; init; }

    /// <summary>Seconds left at the current rate; null without a total.</summary>
    [Id(14)] public double? EtaSeconds { get; init; }

    [Id(15)] public DateTimeOffset? StartedAt { get; init; }
    [Id(16)] public DateTimeOffset? UpdatedAt { get; init; }
    [Id(17)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the job failed, in one sentence; null unless <see cref="State"/> is Failed.</summary>
    [Id(18)] public string? Error { get; init; }
}
