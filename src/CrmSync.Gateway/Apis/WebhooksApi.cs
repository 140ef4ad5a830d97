using CrmSync.Gateway.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class WebhooksApi
{
    /// <summary>
    /// <c>POST /webhooks/{source}</c>: verify, parse, make every change durable, then acknowledge in the
    /// form the source expects. Any failure answers with a problem+json body and stores nothing the
    /// source was told was stored.
    /// </summary>
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks");
        group.MapPost("/{source}", ReceiveAsync);
        return group;
    }

    private static async Task<IResult> ReceiveAsync(
        string source,
        HttpRequest request,
        IOptionsMonitor<CrmSyncOptions> sync,
        IEnumerable<IWebhookConnector> connectors,
        WebhookIntake intake,
        IOptions<WebhookOptions> limits,
        TimeProvider clock,
        ILogger<WebhookIntake> logger,
        CancellationToken cancellationToken)
    {
        var result = await HandleAsync();
        WebhookTelemetry.Answered(source, (result as IStatusCodeHttpResult)?.StatusCode ?? 200);
        return result;

        async Task<IResult> HandleAsync()
        {
            if (!sync.CurrentValue.Sources.TryGetValue(source, out var options))
            {
                return Problems.NotFound($"No source named '{source}' is configured; add it under CrmSync:Sources:{source}.");
            }

            var connector = connectors.Single(c => c.Kind == options.Kind);
            var body = await RequestBody.ReadAsync(request, limits.Value.MaxBodyBytes, cancellationToken);
            if (body is null)
            {
                return Problems.TooLarge($"The body is over the limit of {limits.Value.MaxBodyBytes} bytes; send fewer changes per request.");
            }

            try
            {
                connector.Verify(request.Headers, body, options, clock.GetUtcNow());
                var changes = connector.Parse(body);
                var results = await intake.AcceptAsync(source, changes, cancellationToken);
                WebhookTelemetry.Acknowledged(source, results);
                return connector.Acknowledge(results);
            }
            catch (WebhookRejectedException ex)
            {
                return Problems.Unauthorized(ex.Message);
            }
            catch (WebhookFormatException ex)
            {
                return Problems.BadRequest(ex.Message);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Changes from {Source} could not be made durable", source);
                return Problems.Unavailable("The changes could not all be stored durably; send the request again.");
            }
        }
    }
}
