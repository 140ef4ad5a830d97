namespace CrmSync.Gateway.Admin;

/// <summary>A sync job as <c>GET /admin/sync/jobs/{id}</c> shows it; rate in records per second, ETA in whole seconds.</summary>
public sealed record SyncJobView(
    string Id,
    string Source,
    string Entity,
    int Run,
    string State,
    long Pages,
    long Read,
    long Accepted,
    long Stale,
    long Duplicate,
    long Written,
    long Parked,
    long? Total,
    double Rate,
    double? EtaSeconds,
    DateTimeOffset? StartedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? Error)
{
    public static SyncJobView From(SyncJobStatus status) => new(
        status.Id,
        status.Source,
        status.Entity,
        status.Run,
        status.State.ToString(),
        status.Pages,
        status.Read,
        status.Accepted,
        status.Stale,
        status.Duplicate,
        status.Written,
        status.Parked,
        status.Total,
        Round(status.RatePerSecond),
        status.EtaSeconds is { } eta ? Math.Ceiling(eta) : null,
        status.StartedAt,
        status.UpdatedAt,
        status.CompletedAt,
        status.Error);

    /// <summary>Two decimals for a slow source, where they matter; one for a fast one, where they do not.</summary>
    private static double Round(double rate) => Math.Round(rate, rate < 10 ? 2 : 1);
}

public sealed record SyncJobList(IReadOnlyList<SyncJobView> Jobs);
