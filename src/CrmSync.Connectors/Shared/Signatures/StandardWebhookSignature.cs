using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// Standard Webhooks v1 signatures: HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}", keyed
/// with the base64 part of a <c>whsec_…</c> secret, several space-separated "v1,&lt;base64&gt;" allowed.
/// </summary>
public static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static void Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string? secret, DateTimeOffset now)
    {
        var key = DecodeSecret(secret ?? throw new InvalidOperationException("The source has no Secret configured."));
        var id = headers[IdHeader].ToString();
        var timestamp = headers[TimestampHeader].ToString();
        var signatures = headers[SignatureHeader].ToString();
        if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
        {
            throw new WebhookRejectedException($"The request is not signed: it needs the headers {IdHeader}, {TimestampHeader} and {SignatureHeader}.");
        }

        if (!long.TryParse(timestamp, out var seconds))
        {
            throw new WebhookRejectedException($"{TimestampHeader} '{timestamp}' is not Unix seconds.");
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sent).Duration() > Tolerance)
        {
            throw new WebhookRejectedException($"{TimestampHeader} is {(now - sent).TotalSeconds:0} s away from the server's clock; at most {Tolerance.TotalSeconds:0} s is accepted.");
        }

        var expected = Compute(key, id, timestamp, body);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith("v1,", StringComparison.Ordinal) && FixedTimeEquals(expected, candidate.AsSpan(3)))
            {
                return;
            }
        }

        throw new WebhookRejectedException("No v1 signature in webhook-signature matches the body and the source's secret.");
    }

    /// <summary>The signature a sender puts in webhook-signature ("v1,…").</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Compute(DecodeSecret(secret), id, timestamp.ToString(), body));

    public static byte[] DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The source's Secret is not 'whsec_' followed by base64.");
        }
    }

    private static byte[] Compute(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, signed);
    }

    private static bool FixedTimeEquals(byte[] expected, ReadOnlySpan<char> base64)
    {
        Span<byte> actual = stackalloc byte[64];
        return Convert.TryFromBase64Chars(base64, actual, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, actual[..written]);
    }
}
