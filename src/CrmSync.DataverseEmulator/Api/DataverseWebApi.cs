using CrmSync.DataverseEmulator.Api.Batch;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>The Web API endpoints under <c>/api/data/v9.2</c>.</summary>
public static class DataverseWebApi
{
    public static RouteGroupBuilder MapDataverseWebApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/data/v9.2");
        api.MapPost("$batch", async (HttpContext context, BatchHandler handler) =>
            await WebApiHttp.WriteAsync(context, await handler.HandleAsync(await WebApiHttp.ReadAsync(context), context.RequestAborted)));
        // Resources and keys are parsed by the handlers: routing cannot express "accounts(msdyn_source_crm_id='x')".
        api.MapMethods("{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Put], async (HttpContext context, WebApiDispatcher dispatcher) =>
            await WebApiHttp.WriteAsync(context, await dispatcher.HandleAsync(await WebApiHttp.ReadAsync(context), context.RequestAborted)));
        return api;
    }
}
