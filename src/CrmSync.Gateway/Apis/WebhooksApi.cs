using CrmSync.Gateway.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class WebhooksApi
{
    /// <summary>
    /// <c>/webhooks/{source}</c>, and <c>/webhooks/{source}/account|contact</c> where the URL says the entity: verify,
    /// parse (reading records back from the CRM where the notification is only a hint), make every change durable,
    /// then acknowledge in the form the source expects. POST, PUT and DELETE all arrive here, since CRMs' outbound
    /// messages use all three (ServiceNow's REST messages send updates as PUT and deletes as DELETE with a body).
    /// Any failure answers with a problem+json body and stores nothing the source was told was stored.
    /// </summary>
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete];
        var group = app.MapGroup("/webhooks");
        group.MapMethods("/{source}", methods, (string source, HttpContext context, WebhookIntake intake, CancellationToken cancellationToken) =>
            ReceiveAsync(source, null, context, intake, cancellationToken));
        group.MapMethods("/{source}/{entity}", methods, (string source, string entity, HttpContext context, WebhookIntake intake, CancellationToken cancellationToken) =>
            ReceiveAsync(source, entity, context, intake, cancellationToken));
        return group;
    }

    private static async Task<IResult> ReceiveAsync(string source, string? entity, HttpContext context, WebhookIntake intake, CancellationToken cancellationToken)
    {
        var result = await HandleAsync();
        WebhookTelemetry.Answered(source, (result as IStatusCodeHttpResult)?.StatusCode ?? 200);
        return result;

        async Task<IResult> HandleAsync()
        {
            var services = context.RequestServices;
            if (!services.GetRequiredService<IOptionsMonitor<CrmSyncOptions>>().CurrentValue.Sources.TryGetValue(source, out var options))
            {
                return Problems.NotFound(Problems.WithoutEcho($"No source named '{source}' is configured; add it under CrmSync:Sources:{source}."));
            }

            if (entity is not null && !Entities.IsKnown(entity))
            {
                return Problems.NotFound(Problems.WithoutEcho($"'{entity}' is not an entity CrmSync syncs; send to /webhooks/{source}/account, /webhooks/{source}/contact or /webhooks/{source}."));
            }

            var connector = services.GetServices<IWebhookConnector>().Single(c => c.Kind == options.Kind);
            if (connector.MissingWebhookCredentials(source) is { } missing)
            {
                return Problems.Unauthorized(missing);
            }

            var webhooks = services.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var inFlight = services.GetRequiredService<ChangesInFlight>();
            if (inFlight.IsFull)
            {
                return Busy(source, inFlight, webhooks);
            }

            var limit = webhooks.MaxBodyBytes;
            var body = await RequestBody.ReadAsync(context.Request, limit, cancellationToken);
            if (body is null)
            {
                return Problems.TooLarge($"The body is over the limit of {limit} bytes; send fewer changes per request.");
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var request = new WebhookRequest(source, context.Request.Method, CalledUrl(context.Request), context.Request.Headers, body, entity, now);
            try
            {
                connector.Verify(request);
                var changes = await connector.ParseAsync(request, cancellationToken);
                if (await intake.AcceptAsync(source, changes, cancellationToken) is not { } results)
                {
                    return Busy(source, inFlight, webhooks);
                }

                WebhookTelemetry.Acknowledged(source, results);
                return connector.Acknowledge(request, results);
            }
            catch (WebhookRejectedException ex)
            {
                return Problems.Unauthorized(Problems.WithoutEcho(ex.Message));
            }
            catch (WebhookFormatException ex)
            {
                return Problems.BadRequest(Problems.WithoutEcho(ex.Message));
            }
            catch (SourceReadException ex)
            {
                Log(services).LogWarning(ex, "Records from {Source} could not be read back", source);
                return Problems.Unavailable(Problems.WithoutEcho($"The records could not be read back from the CRM ({ex.Message}); send the request again."), webhooks.RetryAfter);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log(services).LogWarning(ex, "Changes from {Source} could not be made durable", source);
                return Problems.Unavailable("The changes could not all be stored durably; send the request again.", webhooks.RetryAfter);
            }
        }
    }

    /// <summary>429 at once: waiting for room would only hold the sender's connection while the silo catches up.</summary>
    private static IResult Busy(string source, ChangesInFlight inFlight, WebhookOptions options)
    {
        WebhookTelemetry.RefusedForLoad(source);
        return Problems.TooManyRequests(
            $"The gateway has {inFlight.Count} of its {inFlight.Limit} changes in flight (CrmSync:Webhooks:MaxChangesInFlight) and stored nothing of this request; send it again after Retry-After.",
            options.RetryAfter);
    }

    /// <summary>The URL the sender called: behind a proxy, its scheme and host come from X-Forwarded-Proto and X-Forwarded-Host.</summary>
    private static Uri CalledUrl(HttpRequest request)
    {
        var scheme = request.Headers["X-Forwarded-Proto"].FirstOrDefault() is { Length: > 0 } proto ? proto.Split(',')[0].Trim() : request.Scheme;
        var host = request.Headers["X-Forwarded-Host"].FirstOrDefault() is { Length: > 0 } forwarded ? forwarded.Split(',')[0].Trim() : request.Host.Value;
        return Uri.TryCreate($"{scheme}://{host}{request.PathBase}{request.Path}{request.QueryString}", UriKind.Absolute, out var url)
            ? url
            : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
    }

    private static ILogger Log(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("CrmSync.Gateway.Webhooks");
}
