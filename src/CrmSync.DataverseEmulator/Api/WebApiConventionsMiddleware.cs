using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Faults;
using CrmSync.DataverseEmulator.Protection;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// What happens to every Web API request before and after its handler: the headers every response carries
/// (OData-Version, x-ms-dop-hint, the x-ms-ratelimit-* pair, REQ_ID), the request counters, the service-protection
/// limits, injected outages, latency and errors, and Dataverse's error envelope for any endpoint that throws.
/// A <c>$batch</c> passes through once, so it counts as one request however many it carries.
/// </summary>
public sealed class WebApiConventionsMiddleware(
    RequestDelegate next, EmulatorStats stats, ServiceProtection protection, FaultInjector faults, ILogger<WebApiConventionsMiddleware> logger)
{
    public static readonly PathString WebApiPath = "/api/data/v9.2";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(WebApiPath))
        {
            await next(context);
            return;
        }

        var request = new InFlight(stats.StartRequest());
        // The slot is freed as the response starts, before the client can see it: a client that waits for its
        // answers before sending more never finds its previous request still counted.
        context.Response.OnStarting(static state =>
        {
            ((InFlight)state).End();
            return Task.CompletedTask;
        }, request);
        try
        {
            await RunAsync(context, request);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (exception is not DataverseException)
            {
                logger.LogError(exception, "Web API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }

            context.Response.Clear();
            AddHeaders(context.Response, request.Admission);
            await WebApiHttp.WriteAsync(context, WebApiResponse.Error(exception as DataverseException ?? DataverseErrors.Unexpected()));
        }
        finally
        {
            request.End();
        }
    }

    private async Task RunAsync(HttpContext context, InFlight request)
    {
        AddHeaders(context.Response, null);
        if (faults.OutageRemaining() is { } remaining)
        {
            context.Response.Headers.RetryAfter = Seconds(remaining.TotalSeconds);
            await WebApiHttp.WriteAsync(context, WebApiResponse.Error(ServiceProtectionErrors.ServiceUnavailable()));
            return;
        }

        var admission = request.Admission = protection.Admit(ServiceProtection.UserOf(context.Request));
        AddHeaders(context.Response, admission);
        if (!admission.Admitted)
        {
            stats.AddThrottled();
            context.Response.Headers.RetryAfter = Seconds(admission.Decision.RetryAfterSeconds);
            await WebApiHttp.WriteAsync(context, WebApiResponse.Error(Refusal(admission)));
            return;
        }

        if (faults.Settings.LatencyMilliseconds is > 0 and var latency)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        // Injected before the handler runs, so a failed request has written nothing.
        if (faults.DrawError() is { } status)
        {
            await WebApiHttp.WriteAsync(context, WebApiResponse.Error(status == 503 ? ServiceProtectionErrors.ServiceUnavailable() : DataverseErrors.Unexpected()));
            return;
        }

        await next(context);
    }

    private void AddHeaders(HttpResponse response, ServiceProtection.Admission? admission)
    {
        response.Headers["OData-Version"] = "4.0";
        response.Headers["x-ms-dop-hint"] = (admission?.Limits ?? protection.Limits).DopHint.ToString(CultureInfo.InvariantCulture);
        response.Headers["REQ_ID"] = Guid.NewGuid().ToString();
        if (admission is not null)
        {
            // Dataverse writes the time with a group separator and two decimals, e.g. "1,199.46".
            response.Headers["x-ms-ratelimit-burst-remaining-xrm-requests"] = admission.Decision.RequestsRemaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ms-ratelimit-time-remaining-xrm-requests"] = admission.Decision.ExecutionSecondsRemaining.ToString("N2", CultureInfo.InvariantCulture);
        }
    }

    private static DataverseException Refusal(ServiceProtection.Admission admission) => admission.Decision.Refused switch
    {
        ThrottleFacet.Concurrency => ServiceProtectionErrors.Concurrency(admission.Limits.MaxConcurrent),
        ThrottleFacet.ExecutionTime => ServiceProtectionErrors.ExecutionTime(admission.Limits.ExecutionSecondsPerWindow, admission.Limits.WindowSeconds),
        _ => ServiceProtectionErrors.Requests(admission.Limits.RequestsPerWindow, admission.Limits.WindowSeconds),
    };

    private static string Seconds(double seconds) => Math.Max(1, (int)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A Web API request being served: its place in the counters and, once admitted, in its user's budget.</summary>
    private sealed class InFlight(EmulatorStats.RequestScope scope)
    {
        private int ended;

        public ServiceProtection.Admission? Admission { get; set; }

        public void End()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                scope.Dispose();
                Admission?.End();
            }
        }
    }
}
