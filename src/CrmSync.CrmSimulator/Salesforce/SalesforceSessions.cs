using System.Collections.Concurrent;
using System.Security.Cryptography;
using CrmSync.CrmSimulator.Auth;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// Access tokens of the OAuth 2.0 client credentials flow. Like Salesforce's, the token response says nothing of
/// expiry: a client learns it from the 401 INVALID_SESSION_ID and asks for a new token.
/// </summary>
public sealed class SalesforceSessions(IOptions<SalesforceSimulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> expiries = new(StringComparer.Ordinal);

    public SalesforceSimulatorOptions Settings => options.Value;

    /// <summary>A new token for the connected app's credentials, or null when they are not the configured ones.</summary>
    public string? Issue(string? clientId, string? clientSecret)
    {
        if (clientId != Settings.ClientId || clientSecret != Settings.ClientSecret)
        {
            return null;
        }

        // Salesforce's tokens start with the org id's first 15 characters and a '!'.
        var token = $"{Settings.OrganizationId[..15]}!{Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}";
        expiries[token] = DateTimeOffset.UtcNow.AddSeconds(Settings.TokenLifetimeSeconds);
        return token;
    }

    public AuthFailure? Check(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var token = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return expiries.TryGetValue(token, out var expiry) && expiry > DateTimeOffset.UtcNow
            ? null
            : new AuthFailure("Session expired or invalid", null);
    }

    /// <summary>Every token issued so far stops working, as when an admin revokes the sessions or they time out.</summary>
    public void ExpireAll() => expiries.Clear();
}
