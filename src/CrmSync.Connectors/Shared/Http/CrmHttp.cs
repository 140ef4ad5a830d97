using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CrmSync.Connectors.Shared;

/// <summary>One source's API as a caller sees it: its name, the setting that says where it is, and how to sign in.</summary>
/// <param name="EndpointSetting">The setting to name when the CRM cannot be reached, e.g. <c>CrmSync:Sources:sn:Instance</c>.</param>
public sealed record CrmApi(string Source, string EndpointSetting, ICrmCredentials Credentials, CrmRetryPolicy Policy);

/// <summary>What one call is for, so that its failure says what to check and what happens next.</summary>
/// <param name="Check">The settings to name when the CRM refuses the request itself (another 4xx).</param>
/// <param name="Resume">What the caller should do after a failure, e.g. "start the job again to resume from this page".</param>
/// <param name="NotFoundIsAnswer">A 404 is returned rather than thrown: a read-back's way of learning of a delete.</param>
/// <param name="ClientErrorIsAnswer">Any other 4xx but 401, 403 and 429 is returned rather than thrown, for calls whose
/// refusal means something to the caller (Dataverse's expired change-tracking token).</param>
public sealed record CrmCall(string Check, string Resume, bool NotFoundIsAnswer = false, bool ClientErrorIsAnswer = false);

/// <summary>A successful answer (or a 404 or another 4xx where the caller asked for it).</summary>
public sealed record CrmResponse(Uri Url, HttpStatusCode Status, byte[] Body, HttpResponseHeaders Headers)
{
    public bool NotFound => Status == HttpStatusCode.NotFound;

    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Sends requests to a CRM's API for every connector kind: credentials on each request (a renewed token after a 401),
/// 429 and 503 waited out (Retry-After as seconds or a date, else a doubling back-off) up to a bounded total, network
/// errors, time-outs and other 5xx retried a few times, and everything else turned into a
/// <see cref="SourceReadException"/> that names the setting to check.
/// </summary>
public sealed class CrmHttp(IHttpClientFactory clients, TimeProvider clock, ILogger<CrmHttp> logger)
{
    public const string HttpClientName = "CrmSync.Crm";

    /// <param name="build">Makes the request; called again for each attempt, since a request is sent once.</param>
    public async Task<CrmResponse> SendAsync(CrmApi api, CrmCall call, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        var throttledFor = TimeSpan.Zero;
        var throttles = 0;
        var failures = 0;
        var renewed = false;
        while (true)
        {
            TimeSpan wait;
            Uri? url = null;
            try
            {
                using var request = build();
                url = request.RequestUri!;
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                await api.Credentials.ApplyAsync(request, cancellationToken);
                using var response = await client.SendAsync(request, cancellationToken);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode || call.NotFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound
                    || call.ClientErrorIsAnswer && status is >= 400 and < 500 and not (401 or 403 or 408 or 429))
                {
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return new CrmResponse(url, response.StatusCode, body, response.Headers);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed && api.Credentials.Renew())
                {
                    renewed = true;
                    continue;
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new SourceReadException(api.Credentials.Refused(status, url));
                }

                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    wait = RetryAfter(response) ?? DefaultThrottleWait(api.Policy, throttles++);
                    if (throttledFor + wait > api.Policy.MaxThrottleWait)
                    {
                        throw new SourceReadException($"Source '{api.Source}' is still throttling ({status}) at {url} after {throttledFor.TotalSeconds:0} s of waiting and asks for {wait.TotalSeconds:0} s more, over the {api.Policy.MaxThrottleWait.TotalSeconds:0} s a request may wait; {call.Resume}.");
                    }

                    throttledFor += wait;
                    logger.LogInformation("Source {Source} answered {Status} at {Url}; waiting {Wait} before asking again", api.Source, status, url, wait);
                }
                else if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    wait = Transient(api, call, url, ++failures, $"{status} {response.ReasonPhrase}");
                }
                else
                {
                    var excerpt = Excerpt(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                    throw new SourceReadException($"Source '{api.Source}' answered {status} {response.ReasonPhrase} at {url} ({excerpt}); check {call.Check}.");
                }
            }
            catch (HttpRequestException ex)
            {
                wait = Transient(api, call, url, ++failures, ex.Message, ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                wait = Transient(api, call, url, ++failures, "no answer before the time-out", ex);
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private TimeSpan Transient(CrmApi api, CrmCall call, Uri? url, int failures, string error, Exception? inner = null)
    {
        if (failures > api.Policy.TransientRetries)
        {
            throw new SourceReadException($"Source '{api.Source}' could not be read at {url} after {failures} attempts (last: {error}); check {api.EndpointSetting} and that the CRM is up, then {call.Resume}.", inner);
        }

        var wait = api.Policy.TransientBackOff * Math.Pow(2, failures - 1);
        logger.LogWarning(inner, "Source {Source} failed at {Url} ({Error}); attempt {Attempt} in {Wait}", api.Source, url, error, failures + 1, wait);
        return wait;
    }

    private static TimeSpan DefaultThrottleWait(CrmRetryPolicy policy, int throttles)
    {
        var wait = policy.DefaultThrottleWait * Math.Pow(2, Math.Min(throttles, 16));
        return wait < policy.MaxDefaultThrottleWait ? wait : policy.MaxDefaultThrottleWait;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private static string Excerpt(byte[] body)
    {
        var text = string.Join(' ', Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? "empty body" : $"body: {text}";
    }
}
