using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Shared;

/// <summary>The checks webhook verifiers share, each in constant time so that timing tells an attacker nothing.</summary>
public static class WebhookChecks
{
    /// <summary>Equal strings, compared through their SHA-256 so that neither content nor length leaks through timing.</summary>
    public static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(actual)));

    /// <summary>A base64 signature from a header equals the HMAC computed here.</summary>
    public static bool SignatureMatches(byte[] expected, string base64)
    {
        var actual = new byte[Math.Max(64, base64.Length)];
        return Convert.TryFromBase64String(base64.Trim(), actual, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, actual.AsSpan(0, written));
    }

    /// <summary>HMAC-SHA256 of the parts one after the other.</summary>
    public static byte[] HmacSha256(byte[] key, params ReadOnlySpan<byte[]> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var part in parts)
        {
            hmac.AppendData(part);
        }

        return hmac.GetHashAndReset();
    }

    /// <summary>HTTP Basic credentials on the request; throws <see cref="WebhookRejectedException"/> when they are missing or wrong.</summary>
    public static void VerifyBasic(IHeaderDictionary headers, string username, string password)
    {
        if (!AuthenticationHeaderValue.TryParse(headers.Authorization.ToString(), out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            throw new WebhookRejectedException("The request has no HTTP Basic credentials; set the REST message's Basic auth profile to the source's WebhookUsername and WebhookPassword.");
        }

        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            throw new WebhookRejectedException("The Basic credentials are not base64.");
        }

        var colon = pair.IndexOf(':');
        var user = colon < 0 ? pair : pair[..colon];
        var secret = colon < 0 ? "" : pair[(colon + 1)..];
        // Both compared every time, so a right user name with a wrong password takes as long as neither.
        if (!(FixedTimeEquals(username, user) & FixedTimeEquals(password, secret)))
        {
            throw new WebhookRejectedException("The Basic credentials do not match the source's WebhookUsername and WebhookPassword.");
        }
    }
}
