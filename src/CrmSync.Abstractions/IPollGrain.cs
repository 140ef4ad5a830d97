namespace CrmSync.Abstractions;

/// <summary>
/// The incremental pull of one (source, entity), keyed like a sync job ("{source}:{entity}", <see cref="SyncJobId"/>).
/// A reminder keeps it alive; each round reads the changes since its persisted watermark and hands them to their
/// record grains with IRecordGrain.Accept, the webhooks' path, so a poll never overwrites a newer webhook change.
/// </summary>
public interface IPollGrain : IGrainWithStringKey
{
    /// <summary>Schedules the rounds when the source's Poll:Interval is set, and drops the schedule when it is not.</summary>
    ValueTask<PollStatus> Start();

    /// <summary>
    /// Runs one round now, whether or not a schedule is set (<c>POST /admin/pull/{source}/{entity}</c>). A first round
    /// of change tracking reads every row, which can take minutes: longer than the client's usual 30 s.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    ValueTask<PollRound> PollNow();

    [AlwaysInterleave]
    ValueTask<PollStatus> GetStatus();
}

/// <summary>One round's result.</summary>
[GenerateSerializer, Immutable]
public sealed record PollRound(
    [property: Id(0)] bool FullRead,
    [property: Id(1)] long Changes,
    [property: Id(2)] long Deletes,
    [property: Id(3)] long Accepted,
    [property: Id(4)] string? Error);

/// <summary>A poll's progress, as <c>GET /admin/poll</c> and <c>crmsync poll status</c> show it.</summary>
[GenerateSerializer, Immutable]
public sealed record PollStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] string Entity,
    [property: Id(3)] bool Scheduled)
{
    [Id(4)] public TimeSpan? Interval { get; init; }
    [Id(5)] public TimeSpan Overlap { get; init; }

    /// <summary>Where the next round starts: a timestamp, a cursor or a delta link, as the kind keeps it.</summary>
    [Id(6)] public string? Watermark { get; init; }

    [Id(7)] public long Rounds { get; init; }
    [Id(8)] public long Read { get; init; }
    [Id(9)] public long Accepted { get; init; }
    [Id(10)] public long Stale { get; init; }
    [Id(11)] public long Duplicate { get; init; }
    [Id(12)] public long Deletes { get; init; }
    [Id(13)] public DateTimeOffset? LastRoundAt { get; init; }

    /// <summary>Why the last round failed, in one sentence; null once a round succeeds.</summary>
    [Id(14)] public string? Error { get; init; }
    [Id(15)] public int FailedRounds { get; init; }

    /// <summary>
    /// The last time the source said it no longer lists some changes since the watermark (Salesforce purges its
    /// deletions), with what to do about it; kept after later rounds succeed, since those changes stay unread.
    /// </summary>
    [Id(16)] public string? Gap { get; init; }
}
