using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Zendesk's webhook signature: base64 HMAC-SHA256 of the timestamp header followed by the raw body, keyed with the
/// signing secret's UTF-8 bytes (as Zendesk shows it, not decoded). Zendesk documents no replay window; the timestamp is
/// covered by the MAC, so a window on it refuses old captures.
/// </summary>
public static class ZendeskSignature
{
    public const string SignatureHeader = "X-Zendesk-Webhook-Signature";
    public const string TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";

    public static void Verify(IHeaderDictionary headers, byte[] body, string secret, DateTimeOffset now, TimeSpan window)
    {
        var signature = headers[SignatureHeader].ToString();
        var timestamp = headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            throw new WebhookRejectedException($"The request is not signed: Zendesk sends {SignatureHeader} and {TimestampHeader}; check the webhook's endpoint points here.");
        }

        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent))
        {
            throw new WebhookRejectedException($"{TimestampHeader} '{timestamp}' is not an ISO 8601 time.");
        }

        if ((now - sent).Duration() > window)
        {
            throw new WebhookRejectedException($"{TimestampHeader} is {(now - sent).TotalSeconds:0} s away from the server's clock; at most {window.TotalSeconds:0} s is accepted.");
        }

        if (!WebhookChecks.SignatureMatches(Compute(secret, timestamp, body), signature))
        {
            throw new WebhookRejectedException($"{SignatureHeader} does not match the body and the source's Secret; set it to the webhook's signing secret (GET /api/v2/webhooks/{{id}}/signing_secret).");
        }
    }

    public static string Sign(string secret, string timestamp, byte[] body) => Convert.ToBase64String(Compute(secret, timestamp, body));

    private static byte[] Compute(string secret, string timestamp, byte[] body) =>
        WebhookChecks.HmacSha256(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp), body);
}
