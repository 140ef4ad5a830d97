using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CrmSync.Connectors.Rest;

/// <summary>The body and Link headers of one page.</summary>
public sealed record FetchedPage(Uri Url, byte[] Body, IReadOnlyList<string> LinkHeaders);

/// <summary>
/// GETs one page with the source's credentials. Waits out 429 and 503 (Retry-After as seconds or a date, else a
/// doubling back-off) up to a bounded total, retries network errors, time-outs and other 5xx a few times, and
/// turns everything else into a <see cref="SourceReadException"/> that names the setting to check.
/// </summary>
public sealed class RestPageFetcher(IHttpClientFactory clients, RestRetryPolicy policy, TimeProvider clock, ILogger<RestPageFetcher> logger)
{
    public const string HttpClientName = "CrmSync.Rest";

    public async Task<FetchedPage> GetAsync(RestEntity target, Uri url, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        var throttledFor = TimeSpan.Zero;
        var throttles = 0;
        var failures = 0;
        while (true)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                Authenticate(request, target.Options.Auth);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return new FetchedPage(url, body, response.Headers.TryGetValues("Link", out var links) ? [.. links] : []);
                }

                var status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new SourceReadException(CredentialsRefused(target, status, url));
                }

                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    wait = RetryAfter(response) ?? DefaultThrottleWait(throttles++);
                    if (throttledFor + wait > policy.MaxThrottleWait)
                    {
                        throw new SourceReadException($"Source '{target.Source}' is still throttling ({status}) at {url} after {throttledFor.TotalSeconds:0} s of waiting and asks for {wait.TotalSeconds:0} s more, over the {policy.MaxThrottleWait.TotalSeconds:0} s a page may wait; start the job again later to resume from this page.");
                    }

                    throttledFor += wait;
                    logger.LogInformation("Source {Source} answered {Status} at {Url}; waiting {Wait} before asking again", target.Source, status, url, wait);
                }
                else if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    wait = Transient(target, url, ++failures, $"{status} {response.ReasonPhrase}");
                }
                else
                {
                    var excerpt = Excerpt(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                    throw new SourceReadException($"Source '{target.Source}' answered {status} {response.ReasonPhrase} at {url} ({excerpt}); check {target.SettingsPrefix}:Path and :Paging.");
                }
            }
            catch (HttpRequestException ex)
            {
                wait = Transient(target, url, ++failures, ex.Message, ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                wait = Transient(target, url, ++failures, "no answer before the time-out", ex);
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private TimeSpan Transient(RestEntity target, Uri url, int failures, string error, Exception? inner = null)
    {
        if (failures > policy.TransientRetries)
        {
            throw new SourceReadException($"Source '{target.Source}' could not be read at {url} after {failures} attempts (last: {error}); check CrmSync:Sources:{target.Source}:BaseUrl and that the CRM is up, then start the job again to resume.", inner);
        }

        var wait = policy.TransientBackOff * Math.Pow(2, failures - 1);
        logger.LogWarning(inner, "Source {Source} failed at {Url} ({Error}); attempt {Attempt} in {Wait}", target.Source, url, error, failures + 1, wait);
        return wait;
    }

    private TimeSpan DefaultThrottleWait(int throttles)
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

    private static void Authenticate(HttpRequestMessage request, RestAuthOptions auth)
    {
        switch (auth.ParsedType)
        {
            case RestAuthType.Basic:
                var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{auth.Password}"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", pair);
                break;
            case RestAuthType.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth.Token);
                break;
            case RestAuthType.ApiKey:
                request.Headers.TryAddWithoutValidation(auth.Header!, auth.Value);
                break;
        }
    }

    private static string CredentialsRefused(RestEntity target, int status, Uri url)
    {
        var auth = $"CrmSync:Sources:{target.Source}:Auth";
        return target.Options.Auth.ParsedType switch
        {
            RestAuthType.None => $"Source '{target.Source}' refused a request without credentials ({status}) at {url}; set {auth}:Type and its credentials.",
            RestAuthType.Basic => $"The credentials for source '{target.Source}' were refused ({status}) at {url}; check {auth}:Username and {auth}:Password.",
            RestAuthType.Bearer => $"The credentials for source '{target.Source}' were refused ({status}) at {url}; check {auth}:Token, which may have expired.",
            _ => $"The credentials for source '{target.Source}' were refused ({status}) at {url}; check {auth}:Header and {auth}:Value.",
        };
    }

    private static string Excerpt(byte[] body)
    {
        var text = string.Join(' ', Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? "empty body" : $"body: {text}";
    }
}
