namespace CrmSync.Grains.Sync;

/// <summary>What a sync job stores: its run, where to read next, and its counters as of the last checkpoint.</summary>
[GenerateSerializer]
public sealed class SyncJobProgress
{
    /// <summary>Numbered from 1; a completed job's next start begins run + 1.</summary>
    [Id(0)] public int Run { get; set; }

    [Id(1)] public SyncJobState State { get; set; } = SyncJobState.NotStarted;

    /// <summary>The next page to read; null for the first (or, once <see cref="AllRead"/>, none).</summary>
    [Id(2)] public string? Cursor { get; set; }

    /// <summary>The last page was imported: what is left is waiting for the records to settle.</summary>
    [Id(3)] public bool AllRead { get; set; }

    [Id(4)] public long Pages { get; set; }
    [Id(5)] public long Read { get; set; }
    [Id(6)] public long Accepted { get; set; }
    [Id(7)] public long Stale { get; set; }
    [Id(8)] public long Duplicate { get; set; }
    [Id(9)] public long Written { get; set; }
    [Id(10)] public long Parked { get; set; }
    [Id(11)] public long? Total { get; set; }

    /// <summary>Time spent running in this run's earlier stretches (before a cancel, failure or crash), for the rate.</summary>
    [Id(12)] public TimeSpan RunningTime { get; set; }

    [Id(13)] public DateTimeOffset? StartedAt { get; set; }
    [Id(14)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(15)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(16)] public string? Error { get; set; }

    public void StartNewRun(DateTimeOffset now)
    {
        Run++;
        Cursor = null;
        AllRead = false;
        Pages = Read = Accepted = Stale = Duplicate = Written = Parked = 0;
        Total = null;
        RunningTime = TimeSpan.Zero;
        StartedAt = UpdatedAt = now;
        CompletedAt = null;
        Error = null;
    }

    /// <summary>Records read per second of running, and the seconds left at that rate when the total is known.</summary>
    public (double Rate, double? EtaSeconds) Pace(TimeSpan running)
    {
        var rate = running > TimeSpan.Zero ? Read / running.TotalSeconds : 0;
        double? eta = Total is { } total && rate > 0 ? Math.Max(0, total - Read) / rate : null;
        return (rate, State == SyncJobState.Completed ? 0 : eta);
    }
}
