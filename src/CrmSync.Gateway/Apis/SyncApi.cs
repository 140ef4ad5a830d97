using CrmSync.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class SyncApi
{
    /// <summary>
    /// The initial sync (DESIGN.md §6): start or resume the job of a (source, entity), follow its progress, cancel it.
    /// Behind the same admin API key as the rest of <c>/admin</c>. A job's id is "{source}:{entity}".
    /// </summary>
    public static RouteGroupBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/sync");
        group.MapPost("/{source}/{entity}", StartAsync);
        group.MapGet("/jobs", ListAsync);
        group.MapGet("/jobs/{id}", ShowAsync);
        group.MapPost("/jobs/{id}/cancel", CancelAsync);
        return group;
    }

    private static async Task<Results<Accepted<SyncJobView>, ProblemHttpResult>> StartAsync(
        string source, string entity, IOptionsMonitor<CrmSyncOptions> sync, IConfiguration configuration, IEnumerable<IConnectorPageReader> readers, IGrainFactory grains)
    {
        if (AdminRoutes.CheckReadable(source, entity, sync.CurrentValue, configuration, readers, "sync", out var name) is { } problem)
        {
            return problem;
        }

        var status = await grains.GetGrain<ISyncJobGrain>(SyncJobId.For(name, entity)).Start();
        return TypedResults.Accepted(Location(name, entity), SyncJobView.From(status));
    }

    private static async Task<Ok<SyncJobList>> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ISyncJobRegistryGrain>(0).GetJobIds();
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISyncJobGrain>(id).GetStatus().AsTask()));
        return TypedResults.Ok(new SyncJobList([.. statuses.Select(SyncJobView.From)]));
    }

    private static async Task<Results<Ok<SyncJobView>, ProblemHttpResult>> ShowAsync(string id, IGrainFactory grains)
    {
        if (Malformed(id) is { } problem)
        {
            return problem;
        }

        var status = await grains.GetGrain<ISyncJobGrain>(id).GetStatus();
        return status.State == SyncJobState.NotStarted ? NeverStarted(id) : TypedResults.Ok(SyncJobView.From(status));
    }

    private static async Task<Results<Ok<SyncJobView>, ProblemHttpResult>> CancelAsync(string id, IGrainFactory grains)
    {
        if (Malformed(id) is { } problem)
        {
            return problem;
        }

        var job = grains.GetGrain<ISyncJobGrain>(id);
        var before = await job.GetStatus();
        if (before.State == SyncJobState.NotStarted)
        {
            return NeverStarted(id);
        }

        var status = before.State == SyncJobState.Running ? await job.Cancel() : before;
        return status.State == SyncJobState.Cancelled && before.State == SyncJobState.Running
            ? TypedResults.Ok(SyncJobView.From(status))
            : Problems.Conflict($"Sync job {id} is {status.State}, not running, so there is nothing to cancel; start it with POST {StartPath(status.Source, status.Entity)}.");
    }

    private static ProblemHttpResult? Malformed(string id) => SyncJobId.TryParse(id, out _, out _)
        ? null
        : Problems.InvalidArgument($"'{id}' is not a sync job id; an id is source:entity, e.g. crm:{Entities.Account}.");

    private static ProblemHttpResult NeverStarted(string id)
    {
        SyncJobId.TryParse(id, out var source, out var entity);
        return Problems.NotFound($"Sync job {id} has never been started; start it with POST {StartPath(source, entity)}.");
    }

    private static string StartPath(string source, string entity) => $"/admin/sync/{Uri.EscapeDataString(source)}/{entity}";

    private static string Location(string source, string entity) => $"/admin/sync/jobs/{Uri.EscapeDataString(source)}:{entity}";
}
