using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// What every Web API response carries (OData-Version, x-ms-dop-hint, REQ_ID), the request counters,
/// and Dataverse's error envelope for any endpoint that throws.
/// </summary>
public sealed class WebApiConventionsMiddleware(
    RequestDelegate next, EmulatorStats stats, IOptions<EmulatorOptions> options, ILogger<WebApiConventionsMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/data"))
        {
            await next(context);
            return;
        }

        using var scope = stats.StartRequest();
        AddHeaders(context.Response);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (exception is not DataverseException)
            {
                logger.LogError(exception, "Web API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }

            context.Response.Clear();
            AddHeaders(context.Response);
            await WebApiHttp.WriteAsync(context, WebApiResponse.Error(exception as DataverseException ?? DataverseErrors.Unexpected()));
        }
    }

    private void AddHeaders(HttpResponse response)
    {
        response.Headers["OData-Version"] = "4.0";
        response.Headers["x-ms-dop-hint"] = options.Value.DopHint.ToString(CultureInfo.InvariantCulture);
        response.Headers["REQ_ID"] = Guid.NewGuid().ToString();
    }
}
