namespace CrmSync.Gateway.Admin;

/// <summary>A reconcile as <c>GET /admin/reconcile/jobs/{id}</c> shows it: the phase and its progress, items per second.</summary>
public sealed record ReconcileView(
    string Id,
    string Source,
    string Entity,
    string Phase,
    bool Repair,
    long Done,
    long? Total,
    double Rate,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    bool DryRun)
{
    public static ReconcileView From(ReconcileStatus status) => new(
        status.Id,
        status.Source,
        status.Entity,
        status.Phase.ToString(),
        status.Repair,
        status.Done,
        status.Total,
        Math.Round(status.RatePerSecond, 1),
        status.StartedAt,
        status.CompletedAt,
        status.Error,
        status.DryRun);
}
