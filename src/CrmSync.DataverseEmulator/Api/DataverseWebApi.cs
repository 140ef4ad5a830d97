namespace CrmSync.DataverseEmulator.Api;

/// <summary>The Web API endpoints under <c>/api/data/v9.2</c>.</summary>
public static class DataverseWebApi
{
    // Fixed so a client sees the same identity across restarts.
    private static readonly Guid UserId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a01");
    private static readonly Guid BusinessUnitId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a02");
    private static readonly Guid OrganizationId = new("7b0c6f4e-8d3a-4b1e-9a55-3f2d1c0e9a03");

    public static RouteGroupBuilder MapDataverseWebApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/data/v9.2");
        api.MapGet("WhoAmI", WhoAmI);
        api.MapGet("WhoAmI()", WhoAmI);
        // Entity sets and keys are parsed by ResourcePath: routing cannot express "accounts(msdyn_source_crm_id='x')".
        api.MapMethods("{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Put], EntitySetAsync);
        return api;
    }

    private static async Task EntitySetAsync(HttpContext context, EntitySetHandler handler)
    {
        var request = await WebApiHttp.ReadAsync(context);
        await WebApiHttp.WriteAsync(context, await handler.HandleAsync(request, context.RequestAborted));
    }

    private static Task WhoAmI(HttpContext context)
    {
        var root = WebApiHttp.ServiceRoot(context.Request);
        return WebApiHttp.WriteAsync(context, WebApiResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", $"{root}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
            writer.WriteString("BusinessUnitId", BusinessUnitId);
            writer.WriteString("UserId", UserId);
            writer.WriteString("OrganizationId", OrganizationId);
            writer.WriteEndObject();
        }));
    }
}
