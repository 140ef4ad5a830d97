using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class PullApi
{
    /// <summary>
    /// <c>POST /admin/pull/{source}/{entity}</c>: one round of the (source, entity)'s poll now, whether or not its
    /// Poll:Interval schedules rounds: the changes since the poll's persisted watermark go to their record grains, as a
    /// webhook's would. An admin or an outside scheduler calls it; <c>GET /admin/poll</c> shows the polls' progress.
    /// </summary>
    public static RouteGroupBuilder MapPullApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/pull");
        group.MapPost("/{source}/{entity}", PullAsync);
        return group;
    }

    private static async Task<IResult> PullAsync(
        string source, string entity, IOptionsMonitor<CrmSyncOptions> sync, IEnumerable<IConnectorChangeFeed> feeds, IGrainFactory grains)
    {
        if (AdminRoutes.CheckSourceAndEntity(source, entity, sync.CurrentValue) is { } problem)
        {
            return problem;
        }

        var name = sync.CurrentValue.Sources.Keys.First(key => string.Equals(key, source, StringComparison.OrdinalIgnoreCase));
        var kind = sync.CurrentValue.Sources[name].Kind;
        if (feeds.FirstOrDefault(feed => feed.Kind == kind) is not { } changeFeed)
        {
            return Problems.InvalidArgument($"Source '{name}' is {kind}, which keeps no change feed to pull; sync it with POST /admin/sync/{name}/{entity} and its webhooks.");
        }

        if (!changeFeed.CanPoll(name, entity))
        {
            return Problems.InvalidArgument($"Source '{name}' is not set up to be pulled for {entity}; set CrmSync:Sources:{name}:Entities:{entity}:UpdatedSince to its API's \"changed since\" parameter.");
        }

        var round = await grains.GetGrain<IPollGrain>(SyncJobId.For(name, entity)).PollNow();
        return round.Error is { } error
            ? Problems.Unavailable($"Source '{name}' could not be read ({error}); pull again later.")
            : TypedResults.Ok(new
            {
                source = name,
                entity,
                fullRead = round.FullRead,
                changes = round.Changes,
                deletes = round.Deletes,
                accepted = round.Accepted,
            });
    }
}
