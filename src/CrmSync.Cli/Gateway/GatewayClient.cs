using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSync.Cli.Gateway;

/// <summary>
/// The gateway's admin API over HTTP, with the admin API key in <c>X-Api-Key</c>. Every failure becomes a
/// <see cref="CliException"/> whose message says what is wrong and what to do.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http;
    private readonly string _shownUrl;

    /// <param name="gateway">The gateway's root; a path (behind a reverse proxy) is kept.</param>
    public GatewayClient(Uri gateway, string? apiKey, TimeSpan timeout)
    {
        // A proxy from http_proxy must not take requests meant for this machine elsewhere; remote gateways may need it.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = !gateway.IsLoopback })
        {
            BaseAddress = new Uri(gateway.AbsoluteUri.TrimEnd('/') + "/"),
            Timeout = timeout,
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        }

        _shownUrl = gateway.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>A path segment, escaped: a record id may hold '/', which the gateway reads back from %2F.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public Task<T> GetAsync<T>(string path, CancellationToken cancellation) => SendAsync<T>(HttpMethod.Get, path, cancellation);

    public Task<T> PostAsync<T>(string path, CancellationToken cancellation) => SendAsync<T>(HttpMethod.Post, path, cancellation);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach the CrmSync gateway at {_shownUrl} ({Reason(e)}); is it running? Point --gateway or CRMSYNC_GATEWAY at it.", transient: true);
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new CliException($"The CrmSync gateway at {_shownUrl} did not answer {method} /{path.TrimStart('/')} within {_http.Timeout.TotalSeconds:0} s; try again, or look at its log.", transient: true);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                throw Refusal(response, body, $"{method} /{path.TrimStart('/')}");
            }

            try
            {
                return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("The body is empty.");
            }
            catch (JsonException e)
            {
                throw new CliException($"The answer of {_shownUrl} to {method} /{path.TrimStart('/')} is not what crmsync expects ({e.Message}); check that --gateway points at a CrmSync gateway of this version.");
            }
        }
    }

    private static CliException Refusal(HttpResponseMessage response, string body, string request)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new CliException("The gateway refused the admin API key; pass --api-key or set CRMSYNC_API_KEY to the gateway's CrmSync:AdminApiKey.");
        }

        var problem = ReadProblem(response, body);
        var said = problem?.Detail ?? problem?.Title;
        var transient = response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        return new CliException(
            string.IsNullOrWhiteSpace(said)
                ? $"The gateway answered {(int)response.StatusCode} {response.ReasonPhrase} to {request} without saying why; check that --gateway points at a CrmSync gateway, and look at its log."
                : said,
            transient: transient);
    }

    private static ProblemView? ReadProblem(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ProblemView>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(HttpRequestException e) => (e.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to it",
        _ => e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => (e.InnerException?.Message ?? e.Message).TrimEnd('.'),
        },
    };
}
