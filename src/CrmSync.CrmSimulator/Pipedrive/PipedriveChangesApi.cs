using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Pipedrive;

/// <summary>
/// <c>POST /simulator/pipedrive/changes</c>: edits persons and organizations (change, delete or merge into another, in
/// the simulator's ids) and makes the webhooks v2 notifications each causes, sending them to <c>target</c> with the
/// Basic credentials named. The answer holds every notification, so a test can send them again shuffled or twice.
/// </summary>
public static class PipedriveChangesApi
{
    public static RouteHandlerBuilder MapPipedriveChangesApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/simulator/pipedrive/changes", (HttpRequest request, RecordStore store) =>
            ChangesEndpoint.HandleAsync(request, store, mergeAllowed: true, (result, _, changes) => PipedriveEvents.For(result, changes)));
}
