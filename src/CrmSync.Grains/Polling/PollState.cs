namespace CrmSync.Grains.Polling;

/// <summary>What a poll stores: its watermark, the page in hand of an unfinished round, and its counters.</summary>
[GenerateSerializer]
public sealed class PollState
{
    /// <summary>Rounds are scheduled (the source's Poll:Interval was set when last asked).</summary>
    [Id(0)] public bool Scheduled { get; set; }

    /// <summary>Where the next round starts, as the kind's feed gave it; it survives restarts, which is its point.</summary>
    [Id(1)] public string? Watermark { get; set; }

    /// <summary>The next page of a round that a crash interrupted; null between rounds.</summary>
    [Id(2)] public string? Cursor { get; set; }

    /// <summary>When the round in hand began: a page resumed after a crash belongs to the same round.</summary>
    [Id(3)] public DateTimeOffset? RoundStartedAt { get; set; }

    [Id(4)] public long Rounds { get; set; }
    [Id(5)] public long Read { get; set; }
    [Id(6)] public long Accepted { get; set; }
    [Id(7)] public long Stale { get; set; }
    [Id(8)] public long Duplicate { get; set; }
    [Id(9)] public long Deletes { get; set; }
    [Id(10)] public DateTimeOffset? LastRoundAt { get; set; }
    [Id(11)] public string? Error { get; set; }
    [Id(12)] public int FailedRounds { get; set; }

    /// <summary>The last gap a page reported (<see cref="ChangePage.Gap"/>), with the time it was found.</summary>
    [Id(13)] public string? Gap { get; set; }
}
