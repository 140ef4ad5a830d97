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
