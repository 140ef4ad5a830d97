namespace CrmSync.Gateway.Admin;

/// <summary>A poll as <c>GET /admin/poll</c> shows it; interval and overlap in seconds.</summary>
public sealed record PollView(
    string Id,
    string Source,
    string Entity,
    bool Scheduled,
    double? IntervalSeconds,
    double OverlapSeconds,
    string? Watermark,
    long Rounds,
    long Read,
    long Accepted,
    long Stale,
    long Duplicate,
    long Deletes,
    DateTimeOffset? LastRoundAt,
    int FailedRounds,
    string? Error,
    string? Gap)
{
    public static PollView From(PollStatus status) => new(
        status.Id,
        status.Source,
        status.Entity,
        status.Scheduled,
        status.Interval?.TotalSeconds,
        status.Overlap.TotalSeconds,
        status.Watermark,
        status.Rounds,
        status.Read,
        status.Accepted,
        status.Stale,
        status.Duplicate,
        status.Deletes,
        status.LastRoundAt,
        status.FailedRounds,
        status.Error,
        status.Gap);
}

public sealed record PollList(IReadOnlyList<PollView> Polls);
