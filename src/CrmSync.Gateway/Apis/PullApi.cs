using CrmSync.Gateway.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class PullApi
{
    /// <summary>
    /// <c>POST /admin/pull/{source}/{entity}</c>: asks a source whose kind keeps a change feed (Dynamics 365's change
    /// tracking) what changed since the last pull and hands the changes to their record grains, as a webhook would.
    /// An admin or a scheduler calls it; a durable schedule is issue 13's.
    /// </summary>
    public static RouteGroupBuilder MapPullApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/pull");
        group.MapPost("/{source}/{entity}", PullAsync);
        return group;
    }

    private static async Task<IResult> PullAsync(
        string source, string entity, IOptionsMonitor<CrmSyncOptions> sync, IEnumerable<IConnectorChangeFeed> feeds, WebhookIntake intake, CancellationToken cancellationToken)
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

        try
        {
            var pulled = await changeFeed.PullAsync(name, entity, cancellationToken);
            var results = await intake.AcceptAsync(name, pulled.Changes, cancellationToken);
            return TypedResults.Ok(new
            {
                source = name,
                entity,
                fullRead = pulled.FullRead,
                changes = results.Count,
                deletes = results.Count(r => r.Change.Operation == ChangeOperation.Delete),
                accepted = results.Count(r => r.Outcome == AcceptOutcome.Accepted),
            });
        }
        catch (SourceReadException ex)
        {
            return Problems.Unavailable($"Source '{name}' could not be read ({ex.Message}); pull again later.");
        }
    }
}
