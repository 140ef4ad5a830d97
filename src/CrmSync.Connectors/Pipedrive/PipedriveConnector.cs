using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// Pipedrive's webhooks v2, checked by the HTTP Basic credentials the webhook was created with (Pipedrive signs
/// nothing). <c>data</c> is the whole record with its <c>update_time</c>, so nothing is read back; a redelivered
/// <c>meta.id</c> costs nothing.
/// </summary>
public sealed class PipedriveConnector(PipedriveClient client, SeenEventIds seen) : IWebhookConnector
{
    private readonly ConditionalWeakTable<WebhookRequest, string> eventIds = [];

    public SourceKind Kind => SourceKind.Pipedrive;

    public string? MissingWebhookCredentials(string source) => string.IsNullOrEmpty(client.Options(source).WebhookUsername)
        ? $"Source '{source}' takes no webhooks until it has their credentials: set CrmSync__Sources__{source}__WebhookUsername and __WebhookPassword to the webhook's http_auth_user and http_auth_password."
        : null;

    public void Verify(WebhookRequest request)
    {
        var options = client.Options(request.Source);
        WebhookChecks.VerifyBasic(request.Headers, options.WebhookUsername!, options.WebhookPassword ?? "");
    }

    public Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var (eventId, change) = PipedriveEvent.Parse(request.Body, entity => client.Records(request.Source, entity));
        if (eventId is not null)
        {
            eventIds.AddOrUpdate(request, eventId);
        }

        IReadOnlyList<RecordChange> changes = change is null || eventId is not null && seen.Contains(request.Source, eventId) ? [] : [change];
        return Task.FromResult(changes);
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results)
    {
        if (eventIds.TryGetValue(request, out var eventId))
        {
            seen.Add(request.Source, eventId);
        }

        return TypedResults.Ok(new { changes = results.Count });
    }
}
