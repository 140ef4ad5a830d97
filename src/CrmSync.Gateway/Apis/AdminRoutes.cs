using CrmSync.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmSync.Gateway.Apis;

/// <summary>What every admin endpoint shares: its key check, its answer when the silos do not, and its checks of a source.</summary>
public static class AdminRoutes
{
    /// <summary>
    /// A route group that needs the admin API key (or a caller on this machine when no key is configured) and answers
    /// 503 with a problem when the silo cluster does not answer.
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix)
            .AddEndpointFilter<AdminApiKeyFilter>()
            .AddEndpointFilter(AnswerUnavailableWhenTheClusterIsAsync);

    /// <summary>Null when the entity is known and the source configured; otherwise the problem to answer.</summary>
    public static ProblemHttpResult? CheckSourceAndEntity(string source, string entity, CrmSyncOptions sync)
    {
        if (!Entities.IsKnown(entity))
        {
            return Problems.InvalidArgument($"Entity '{entity}' is unknown; use {Entities.Account} or {Entities.Contact}.");
        }

        return sync.Sources.ContainsKey(source)
            ? null
            : Problems.NotFound($"No source named '{source}' is configured; add it under CrmSync:Sources:{source}.");
    }

    /// <summary>
    /// Checks that a source can be read whole, as the initial sync, a reconcile and a dry run read it: configured, of a
    /// kind with a page reader, and (for a REST source) with settings for the entity. Gives the configured spelling of its
    /// name, so that "CRM" and "crm" are one job; <paramref name="verb"/> says in the problem what the caller wanted.
    /// </summary>
    public static ProblemHttpResult? CheckReadable(
        string source, string entity, CrmSyncOptions sync, IConfiguration configuration, IEnumerable<IConnectorPageReader> readers, string verb, out string name)
    {
        name = source;
        if (CheckSourceAndEntity(source, entity, sync) is { } problem)
        {
            return problem;
        }

        name = sync.Sources.Keys.First(key => string.Equals(key, source, StringComparison.OrdinalIgnoreCase));
        var kind = sync.Sources[name].Kind;
        // A kind reads its records when it has a page reader (Rest, HubSpot, …); a Generic source only takes webhooks.
        if (!readers.Any(reader => reader.Kind == kind))
        {
            return Problems.InvalidArgument($"Source '{name}' is {kind} (webhook-only), so it has no API to {verb} from; set CrmSync:Sources:{name}:Kind to Rest with its BaseUrl and Entities to {verb} it.");
        }

        return kind == SourceKind.Rest && !configuration.GetSection($"{CrmSyncOptions.SectionName}:Sources:{name}:Entities:{entity}").Exists()
            ? Problems.InvalidArgument($"Source '{name}' has no settings for {entity}; configure CrmSync:Sources:{name}:Entities:{entity} (Path, Paging, Id, Version, Fields) to {verb} it.")
            : null;
    }

    private static async ValueTask<object?> AnswerUnavailableWhenTheClusterIsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminRoutes)).LogWarning(ex, "The admin API could not reach the silo cluster");
            return Problems.ClusterUnavailable("The silo cluster did not answer; try again in a moment.");
        }
    }
}
