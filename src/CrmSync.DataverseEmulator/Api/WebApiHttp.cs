using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>Converts between HttpContext and <see cref="WebApiRequest"/>/<see cref="WebApiResponse"/>.</summary>
public static class WebApiHttp
{
    public static async Task<WebApiRequest> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        // The raw target keeps key values percent-encoded (an encoded '/' or quote in a key must survive routing).
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        var question = target.IndexOf('?');
        var rawPath = question < 0 ? target : target[..question];
        var rawQuery = question < 0 ? "" : target[(question + 1)..];
        var prefix = rawPath.IndexOf(ResourcePath.WebApiPrefix, StringComparison.OrdinalIgnoreCase);
        var path = prefix < 0 ? "" : rawPath[(prefix + ResourcePath.WebApiPrefix.Length)..];

        var body = ReadOnlyMemory<byte>.Empty;
        if (request.ContentLength is { } length and > 0)
        {
            // One buffer of the announced size: a bulk body is hundreds of kilobytes, and every copy of it lands on the large-object heap.
            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, context.RequestAborted);
            body = buffer;
        }
        else if (request.ContentLength is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsDelete(request.Method))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        var headers = new Dictionary<string, StringValues>(request.Headers, StringComparer.OrdinalIgnoreCase);
        return new WebApiRequest(request.Method, ServiceRoot(request), path, rawQuery, headers, body);
    }

    public static async Task WriteAsync(HttpContext context, WebApiResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.ContentType = value;
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        if (response.Body is { } body)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    public static string ServiceRoot(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{ResourcePath.WebApiPrefix}";
}
