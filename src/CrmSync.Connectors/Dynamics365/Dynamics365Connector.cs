using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// Dataverse service-endpoint webhooks: a RemoteExecutionContext authenticated by WebhookKey (<c>?code=</c>) or an
/// HttpHeader, compared in constant time. A post-image with <c>versionnumber</c> is the whole record at that version;
/// without one, or when Dataverse stripped the body (<c>x-ms-dynamics-msg-size-exceeded</c>), the row is read back.
/// </summary>
public sealed class Dynamics365Connector(IOptionsMonitor<Dynamics365SourceOptions> sources, SourceMappings mappings, Dynamics365Client client) : IWebhookConnector
{
    public const string SizeExceededHeader = "x-ms-dynamics-msg-size-exceeded";

    public SourceKind Kind => SourceKind.Dynamics365;

    public string? MissingWebhookCredentials(string source) =>
        string.IsNullOrEmpty(sources.Get(source).WebhookKey) && string.IsNullOrEmpty(sources.Get(source).WebhookHeaderName)
            ? $"Source '{source}' takes no webhooks until it has their key: set CrmSync__Sources__{source}__WebhookKey (WebhookKey authentication) or WebhookHeaderName and WebhookHeaderValue (HttpHeader)."
            : null;

    public void Verify(WebhookRequest request)
    {
        var options = sources.Get(request.Source);
        if (!string.IsNullOrEmpty(options.WebhookKey))
        {
            var code = QueryHelpers(request.Url).GetValueOrDefault("code") ?? "";
            if (!WebhookChecks.FixedTimeEquals(options.WebhookKey, code))
            {
                throw new WebhookRejectedException($"The request's ?code= does not match CrmSync:Sources:{request.Source}:WebhookKey; register the webhook with WebhookKey authentication and that key.");
            }
        }

        if (!string.IsNullOrEmpty(options.WebhookHeaderName)
            && !WebhookChecks.FixedTimeEquals(options.WebhookHeaderValue!, request.Headers[options.WebhookHeaderName].ToString()))
        {
            throw new WebhookRejectedException($"The request's {options.WebhookHeaderName} header does not match CrmSync:Sources:{request.Source}:WebhookHeaderValue.");
        }
    }

    public async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (RemoteExecutionContext.Parse(request.Body) is not { } notification)
        {
            return [];
        }

        var organisation = sources.Get(request.Source).Connection.Url;
        if (notification.Message == "Delete")
        {
            // A deleted row's id never returns; without a pre-image no version is known, so the delete outranks every one.
            var version = ChangeVersion.FromInteger(notification.DeletedAfter is { } before ? before + 1 : long.MaxValue);
            return [new RecordChange(notification.Entity, Dynamics365Records.Id(notification.Id), ChangeOperation.Delete, version, [])];
        }

        if (notification.Row is { } row && request.Headers[SizeExceededHeader].Count == 0)
        {
            var mapping = mappings.For(request.Source, SourceKind.Dynamics365, notification.Entity);
            var version = ChangeVersion.FromInteger(row.GetProperty(Dynamics365Records.VersionColumn).GetInt64());
            return [Dynamics365Records.Complete(row, notification.Entity, notification.Id, version, mapping, organisation, (column, what) => new WebhookFormatException($"{column} {what}."))];
        }

        // Gone since means deleted since: the read-back's silence outranks every version, as a delete without a pre-image does.
        return [await client.ReadBackAsync(request.Source, notification.Entity, notification.Id, cancellationToken)
            ?? new RecordChange(notification.Entity, Dynamics365Records.Id(notification.Id), ChangeOperation.Delete, ChangeVersion.FromInteger(long.MaxValue), [])];
    }

    public IResult Acknowledge(WebhookRequest request, IReadOnlyList<ChangeResult> results) => TypedResults.NoContent();

    private static Dictionary<string, string> QueryHelpers(Uri url) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}
