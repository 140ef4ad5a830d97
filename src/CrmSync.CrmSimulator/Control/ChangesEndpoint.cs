using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Control;

/// <summary>
/// What every CRM's <c>POST /simulator/{kind}/changes</c> does: read the request, apply each edit in order (stopping
/// with a 400 at the first that cannot be made), and make and send the notifications the kind words for it.
/// </summary>
public static class ChangesEndpoint
{
    public delegate IEnumerable<(Dictionary<string, string> Headers, string Body)> Notifications(EditResult result, EditRequest edit, ChangesRequest request);

    public static async Task<IResult> HandleAsync(HttpRequest request, RecordStore store, bool mergeAllowed, Notifications notifications)
    {
        var (changes, problem) = await JsonBody.ReadAsync<ChangesRequest>(request, ChangesRequest.Example, body => body.Problem());
        if (problem is not null)
        {
            return problem;
        }

        var (target, targetProblem) = WebhookDelivery.ParseTarget(changes!.Target);
        if (targetProblem is not null)
        {
            return JsonBody.BadRequest(targetProblem);
        }

        var deliveries = new List<Delivery>();
        foreach (var edit in changes.Changes!)
        {
            var (result, editProblem) = RecordEdits.Apply(edit, store, mergeAllowed);
            if (result is null)
            {
                return JsonBody.BadRequest(editProblem!);
            }

            foreach (var (headers, body) in notifications(result, edit, changes))
            {
                deliveries.Add(await WebhookDelivery.SendAsync(target, headers, body, request.HttpContext.RequestAborted));
            }
        }

        return Results.Ok(new ChangesResponse(deliveries));
    }
}
