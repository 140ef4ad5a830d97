using System.Text.Json;

namespace CrmSync.Testing;

/// <summary>One change's outcome as the gateway acknowledged it.</summary>
public sealed record ChangeOutcome(string Entity, string Id, string Outcome);

/// <summary>The gateway's answer to a webhook, read whole so that a failed assertion can show it.</summary>
public sealed record WebhookResponse(HttpStatusCode Status, string? MediaType, string Body, TimeSpan? RetryAfter = null)
{
    public static async Task<WebhookResponse> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The acknowledged outcomes, in the order of the request's changes; fails unless the answer is 200 with results.</summary>
    public IReadOnlyList<ChangeOutcome> Outcomes =>
        Status == HttpStatusCode.OK && Json()?["results"] is JsonArray results
            ? [.. results.Select(result => new ChangeOutcome((string)result!["entity"]!, (string)result["id"]!, (string)result["outcome"]!))]
            : throw new InvalidOperationException($"Expected 200 with results; the gateway answered {this}");

    /// <summary>The outcome of a request that held one change.</summary>
    public string Outcome => Outcomes is [var only] ? only.Outcome : throw new InvalidOperationException($"Expected one result; the gateway answered {this}");

    /// <summary>The problem+json body's detail, or null.</summary>
    public string? Detail => (string?)Json()?["detail"];

    public override string ToString() => $"{(int)Status} {MediaType}: {Body}";

    private JsonNode? Json()
    {
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
