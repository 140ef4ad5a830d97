using CrmSync.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class ReconcileApi
{
    /// <summary>
    /// Reconciliation (issue 13): compare a (source, entity) in the CRM with its Dataverse rows and the record grains,
    /// optionally repairing through the grains; start it, follow it, read its report. A run's id is "{source}:{entity}".
    /// </summary>
    public static RouteGroupBuilder MapReconcileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/reconcile");
        group.MapPost("/{source}/{entity}", StartAsync);
        group.MapGet("/jobs/{id}", ShowAsync);
        group.MapGet("/jobs/{id}/report", ReportAsync);
        // The dry run predicts a sync, so it sits beside the sync's start; it runs and reports as a reconcile does.
        app.MapAdminGroup("/admin/sync").MapPost("/{source}/{entity}/dry-run", DryRunAsync);
        return group;
    }

    private static Task<Results<Accepted<ReconcileView>, ProblemHttpResult>> StartAsync(
        string source, string entity, bool? repair, IOptionsMonitor<CrmSyncOptions> sync, IConfiguration configuration, IEnumerable<IConnectorPageReader> readers, IGrainFactory grains) =>
        StartCheckedAsync(source, entity, sync, configuration, readers, job => grains.GetGrain<IReconcileJobGrain>(job).Start(repair ?? false));

    private static Task<Results<Accepted<ReconcileView>, ProblemHttpResult>> DryRunAsync(
        string source, string entity, IOptionsMonitor<CrmSyncOptions> sync, IConfiguration configuration, IEnumerable<IConnectorPageReader> readers, IGrainFactory grains) =>
        StartCheckedAsync(source, entity, sync, configuration, readers, job => grains.GetGrain<IReconcileJobGrain>(job).StartDryRun());

    private static async Task<Results<Accepted<ReconcileView>, ProblemHttpResult>> StartCheckedAsync(
        string source, string entity, IOptionsMonitor<CrmSyncOptions> sync, IConfiguration configuration, IEnumerable<IConnectorPageReader> readers, Func<string, ValueTask<ReconcileStatus>> start)
    {
        // Reconcile reads the whole source as the initial sync does, so it needs what the sync needs.
        if (AdminRoutes.CheckReadable(source, entity, sync.CurrentValue, configuration, readers, "reconcile", out var name) is { } problem)
        {
            return problem;
        }

        var id = ReconcileJobId.For(name, entity);
        var status = await start(id);
        return TypedResults.Accepted($"/admin/reconcile/jobs/{Uri.EscapeDataString(id)}", ReconcileView.From(status));
    }

    private static async Task<Results<Ok<ReconcileView>, ProblemHttpResult>> ShowAsync(string id, IGrainFactory grains)
    {
        if (Malformed(id) is { } problem)
        {
            return problem;
        }

        var status = await grains.GetGrain<IReconcileJobGrain>(id).GetStatus();
        return status.Phase == ReconcilePhase.NotStarted ? NeverStarted(id) : TypedResults.Ok(ReconcileView.From(status));
    }

    private static async Task<Results<Ok<ReconcileReport>, ProblemHttpResult>> ReportAsync(string id, IGrainFactory grains)
    {
        if (Malformed(id) is { } problem)
        {
            return problem;
        }

        return await grains.GetGrain<IReconcileJobGrain>(id).GetReport() is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound($"Reconcile {id} has no completed run since the silo started; start one with POST {StartPath(id)}.");
    }

    private static ProblemHttpResult? Malformed(string id) => SyncJobId.TryParse(id, out _, out _)
        ? null
        : Problems.InvalidArgument($"'{id}' is not a reconcile id; an id is source:entity, e.g. crm:{Entities.Account}.");

    private static ProblemHttpResult NeverStarted(string id) =>
        Problems.NotFound($"Reconcile {id} has not run since the silo started; start it with POST {StartPath(id)}.");

    private static string StartPath(string id)
    {
        SyncJobId.TryParse(id, out var source, out var entity);
        return $"/admin/reconcile/{Uri.EscapeDataString(source)}/{entity}";
    }
}
