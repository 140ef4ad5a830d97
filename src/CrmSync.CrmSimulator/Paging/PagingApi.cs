using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Paging;

/// <summary><c>GET /api/{style}/{entity}</c> and Salesforce's <c>GET /api/nexturl/{entity}/next/{token}</c>.</summary>
public static class PagingApi
{
    public static RouteGroupBuilder MapPagingApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("{style}/{entity}", (string style, string entity, HttpContext context, PageServer server) =>
            ServeAsync(entity, async resolved => style switch
            {
                "offset" => await PagingStyles.OffsetAsync(context, resolved, server),
                "page" => await PagingStyles.PageAsync(context, resolved, server),
                "cursor" => await PagingStyles.CursorAsync(context, resolved, server),
                "nexturl" => await PagingStyles.NextUrlAsync(context, resolved, server),
                "link" => await PagingStyles.LinkAsync(context, resolved, server),
                _ => NotFound($"There is no paging style '{style}'; use one of {string.Join(", ", PagingStyles.Names)}."),
            }));
        api.MapGet("nexturl/{entity}/next/{token}", (string entity, string token, HttpContext context, PageServer server) =>
            ServeAsync(entity, resolved => PagingStyles.NextUrlAsync(context, resolved, server, token)));
        return api;
    }

    private static async Task<IResult> ServeAsync(string entity, Func<SimEntity, Task<IResult>> serve)
    {
        if (!SimEntities.TryParse(entity, out var resolved) || resolved.Plural() != entity)
        {
            return NotFound($"There is no entity '{entity}'; use accounts or contacts.");
        }

        try
        {
            return await serve(resolved);
        }
        catch (PageParameterException exception)
        {
            return Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad paging parameter");
        }
    }

    private static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
