using CrmSync.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class PollApi
{
    /// <summary>
    /// <c>GET /admin/poll[/{source}]</c>: the incremental pull of every entity that can be polled (issue 13), scheduled by
    /// its source's Poll:Interval or pulled by hand: watermark, rounds, counts and the last round's error.
    /// </summary>
    public static RouteGroupBuilder MapPollApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/poll");
        group.MapGet("/", (IOptionsMonitor<CrmSyncOptions> sync, ISourceChangeFeed feeds, IGrainFactory grains) =>
            ListAsync(sync.CurrentValue.Sources.Keys, feeds, grains));
        group.MapGet("/{source}", ShowAsync);
        return group;
    }

    private static async Task<Results<Ok<PollList>, ProblemHttpResult>> ShowAsync(string source, IOptionsMonitor<CrmSyncOptions> sync, ISourceChangeFeed feeds, IGrainFactory grains)
    {
        var name = sync.CurrentValue.Sources.Keys.FirstOrDefault(key => string.Equals(key, source, StringComparison.OrdinalIgnoreCase));
        return name is null
            ? Problems.NotFound($"No source named '{source}' is configured; add it under CrmSync:Sources:{source}.")
            : await ListAsync([name], feeds, grains);
    }

    private static async Task<Ok<PollList>> ListAsync(IEnumerable<string> sources, ISourceChangeFeed feeds, IGrainFactory grains)
    {
        var ids = sources
            .SelectMany(source => new[] { Entities.Account, Entities.Contact }.Where(entity => feeds.CanPoll(source, entity)).Select(entity => SyncJobId.For(source, entity)))
            .Order(StringComparer.Ordinal);
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<IPollGrain>(id).GetStatus().AsTask()));
        return TypedResults.Ok(new PollList([.. statuses.Select(PollView.From)]));
    }
}
