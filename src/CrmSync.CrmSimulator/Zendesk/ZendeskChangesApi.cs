using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// <c>POST /simulator/zendesk/changes</c>: edits users and organizations (change or delete, in the simulator's ids) and
/// makes the signed event each causes (signed with <c>secret</c>, else Zendesk's test secret), sending it to
/// <c>target</c> when one is named. The answer holds every event, so a test can send them again shuffled or twice.
/// </summary>
public static class ZendeskChangesApi
{
    public static RouteHandlerBuilder MapZendeskChangesApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/simulator/zendesk/changes", (HttpRequest request, RecordStore store) =>
            ChangesEndpoint.HandleAsync(request, store, mergeAllowed: false,
                (result, edit, changes) => [ZendeskEvents.For(result, changes.Secret, (IReadOnlyCollection<string>?)edit.Fields?.Keys ?? [], DateTimeOffset.UtcNow)]));
}
