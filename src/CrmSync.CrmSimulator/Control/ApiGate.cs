using System.Globalization;
using CrmSync.CrmSimulator.Auth;
using CrmSync.CrmSimulator.Salesforce;

namespace CrmSync.CrmSimulator.Control;

/// <summary>
/// Stands before every /api request (Zendesk's and Pipedrive's under /zendesk/api and /pipedrive/api), every Salesforce /services/data request and every HubSpot /crm/v3 request: counts
/// it, then refuses it without the credentials in force (Salesforce's: a live OAuth token), then answers it with a
/// queued fault. Credentials come first so that a client which cannot sign in does not use up the faults.
/// </summary>
public sealed class ApiGate(RequestDelegate next, AuthGate auth, SalesforceSessions salesforce, FaultQueue faults, SimulatorStats stats)
{
    /// <summary>The simulator's own API and the CRM APIs served under a kind's prefix (their sources' BaseUrl).</summary>
    private static readonly PathString[] ApiPaths = ["/api", "/zendesk/api", "/pipedrive/api"];

    public async Task InvokeAsync(HttpContext context)
    {
        var isSalesforce = context.Request.Path.StartsWithSegments(SalesforceApi.DataPath);
        if (!isSalesforce && !ApiPaths.Any(context.Request.Path.StartsWithSegments) && !context.Request.Path.StartsWithSegments(HubSpot.HubSpotApi.PathPrefix))
        {
            await next(context);
            return;
        }

        stats.Request();
        if ((isSalesforce ? salesforce.Check(context.Request) : auth.Check(context.Request)) is { } failure)
        {
            stats.Unauthorized();
            if (failure.Challenge is not null)
            {
                context.Response.Headers.WWWAuthenticate = failure.Challenge;
            }

            await (isSalesforce
                ? SalesforceJson.Error(StatusCodes.Status401Unauthorized, "INVALID_SESSION_ID", failure.Message)
                : Results.Problem(failure.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")).ExecuteAsync(context);
            return;
        }

        if (faults.TakeStatus() is { } fault)
        {
            if (fault.Status == StatusCodes.Status429TooManyRequests)
            {
                stats.Throttled();
            }
            else
            {
                stats.Failed();
            }

            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await Results.Problem("The simulator was told to fail this request; try again later.", statusCode: fault.Status, title: "Injected fault")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
