using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Shared;

/// <summary>The 200 a CRM without an answer format of its own gets: each change's entity, id and outcome.</summary>
public static class WebhookAnswer
{
    public static IResult Outcomes(IReadOnlyList<ChangeResult> results) => TypedResults.Ok(new
    {
        results = results.Select(r => new
        {
            entity = r.Change.Entity,
            id = r.Change.SourceId,
            outcome = r.Outcome.ToString().ToLowerInvariant(),
        }),
    });
}
