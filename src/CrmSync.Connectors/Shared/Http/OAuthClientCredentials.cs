using System.Net.Http.Headers;
using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4): a token from the CRM's token endpoint, kept until shortly before it
/// expires and renewed at once when the API answers 401 (a CRM may revoke a token early, as Salesforce does on a
/// session policy change). One token request at a time, however many callers wait for it.
/// </summary>
public sealed class OAuthClientCredentials(
    IHttpClientFactory clients,
    TimeProvider clock,
    Uri tokenEndpoint,
    string clientId,
    string clientSecret,
    string settings,
    TimeSpan? defaultLifetime = null) : ICrmCredentials
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private DateTimeOffset expiresAt;

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));

    public bool Renew()
    {
        var had = Volatile.Read(ref token) is not null;
        Volatile.Write(ref token, null);
        return had;
    }

    public string Refused(int status, Uri url) =>
        $"The CRM refused a freshly issued access token ({status}) at {url}; check that the app behind {settings}:ClientId may read accounts and contacts.";

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref token) is { } current && clock.GetUtcNow() < expiresAt)
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (token is { } renewed && clock.GetUtcNow() < expiresAt)
            {
                return renewed;
            }

            (token, expiresAt) = await RequestTokenAsync(cancellationToken);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        });
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(CrmHttp.HttpClientName).PostAsync(tokenEndpoint, form, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceReadException($"No access token could be had from {tokenEndpoint} ({ex.Message}); check that the CRM is reachable and {settings} names the right instance.", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SourceReadException($"The token endpoint {tokenEndpoint} refused the client credentials ({(int)response.StatusCode}); check {settings}:ClientId and {settings}:ClientSecret.");
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                var accessToken = root.GetProperty("access_token").GetString() ?? throw new JsonException("access_token is null");
                // Salesforce sends no expires_in; its tokens live as long as the session policy says (2 h by default).
                var lifetime = root.TryGetProperty("expires_in", out var seconds) && seconds.TryGetInt32(out var s)
                    ? TimeSpan.FromSeconds(s)
                    : defaultLifetime ?? TimeSpan.FromMinutes(30);
                // Renew a minute early so that a request never leaves with a token about to lapse.
                return (accessToken, clock.GetUtcNow() + lifetime - TimeSpan.FromSeconds(Math.Min(60, lifetime.TotalSeconds / 2)));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new SourceReadException($"The token endpoint {tokenEndpoint} answered without an access_token; check {settings} points at the CRM's OAuth endpoint.", ex);
            }
        }
    }
}
