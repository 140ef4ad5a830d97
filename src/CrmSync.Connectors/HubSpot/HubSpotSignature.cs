using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// HubSpot's v3 request signature: <c>X-HubSpot-Signature-v3</c> = base64 HMAC-SHA256, keyed with the app's client
/// secret, of method + URI + body + <c>X-HubSpot-Request-Timestamp</c> (epoch milliseconds), refused when the timestamp
/// is more than five minutes away so that a captured request cannot be replayed later.
/// </summary>
public static class HubSpotSignature
{
    public const string SignatureHeader = "X-HubSpot-Signature-v3";
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>HubSpot signs the URI with these characters decoded; a proxy or client may have sent them encoded.</summary>
    private static readonly (string Encoded, string Decoded)[] Decoded =
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
        ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ];

    public static void Verify(WebhookRequest request, string clientSecret)
    {
        var signature = request.Headers[SignatureHeader].ToString();
        var timestamp = request.Headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            throw new WebhookRejectedException($"The request is not signed: HubSpot sends {SignatureHeader} and {TimestampHeader}; subscribe the app's webhooks to this URL.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            throw new WebhookRejectedException($"{TimestampHeader} '{timestamp}' is not Unix milliseconds.");
        }

        var sent = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(milliseconds, 253402300799999));
        if ((request.ReceivedAt - sent).Duration() > Tolerance)
        {
            throw new WebhookRejectedException($"{TimestampHeader} is {(request.ReceivedAt - sent).TotalSeconds:0} s away from the server's clock; at most {Tolerance.TotalSeconds:0} s is accepted.");
        }

        var expected = Compute(clientSecret, request.Method, request.Url, request.Body, timestamp);
        if (!WebhookChecks.SignatureMatches(expected, signature))
        {
            throw new WebhookRejectedException($"{SignatureHeader} does not match the request and the source's ClientSecret; check CrmSync:Sources:{request.Source}:ClientSecret is the app's client secret and that a proxy forwards X-Forwarded-Proto and X-Forwarded-Host.");
        }
    }

    /// <summary>The signature HubSpot puts in <see cref="SignatureHeader"/>.</summary>
    public static string Sign(string clientSecret, string method, Uri url, ReadOnlySpan<byte> body, long timestampMs) =>
        Convert.ToBase64String(Compute(clientSecret, method, url, body.ToArray(), timestampMs.ToString(CultureInfo.InvariantCulture)));

    private static byte[] Compute(string clientSecret, string method, Uri url, byte[] body, string timestamp) =>
        WebhookChecks.HmacSha256(Encoding.UTF8.GetBytes(clientSecret),
            Encoding.UTF8.GetBytes(method + SignedUri(url)), body, Encoding.UTF8.GetBytes(timestamp));

    private static string SignedUri(Uri url) =>
        Decoded.Aggregate(url.AbsoluteUri, (uri, pair) => uri.Replace(pair.Encoded, pair.Decoded, StringComparison.OrdinalIgnoreCase));
}
