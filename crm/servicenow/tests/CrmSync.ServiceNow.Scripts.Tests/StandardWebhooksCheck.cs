using System.Security.Cryptography;
using System.Text;

namespace CrmSync.ServiceNow.Scripts.Tests;

/// <summary>
/// The receiver's side of Standard Webhooks, written from the specification and nothing else in the repository, so the
/// script is checked against the spec rather than against code that might share its mistakes.
/// </summary>
public static class StandardWebhooksCheck
{
    public static bool Verifies(string secret, IReadOnlyDictionary<string, string> headers, string body, DateTimeOffset now)
    {
        if (!headers.TryGetValue("webhook-id", out var id) || !headers.TryGetValue("webhook-timestamp", out var timestamp) ||
            !headers.TryGetValue("webhook-signature", out var signatures) || !long.TryParse(timestamp, out var seconds) ||
            Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300 || !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return signatures.Split(' ').Any(signature => signature.StartsWith("v1,", StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(signature["v1,".Length..])));
    }
}
