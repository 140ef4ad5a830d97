using System.Text;

namespace CrmSync.Bench.Load;

/// <summary>
/// A request ready before the clock starts: method, path, body bytes and headers (a webhook's signature included), so
/// that sending it costs the load client no formatting and no hashing.
/// </summary>
/// <param name="Path">Relative to the base URL it is sent to, so the same request can go to the gateway or to the bare server.</param>
/// <param name="ContentType">Sent as the body's Content-Type; none when null.</param>
public sealed record PreparedRequest(HttpMethod Method, string Path, byte[] Body, KeyValuePair<string, string>[] Headers, string? ContentType = PreparedRequest.Json)
{
    public const string Json = "application/json";

    public const string WebhookPath = $"webhooks/{WebhookSender.Source}";

    /// <summary>A webhook to the generic source, signed with <paramref name="secret"/> as sent now.</summary>
    public static PreparedRequest Webhook(string body, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new(HttpMethod.Post, WebhookPath, bytes, WebhookSender.SignatureHeaders($"msg_{Guid.NewGuid():N}", DateTimeOffset.UtcNow, bytes, secret));
    }

    /// <summary>A webhook carrying <paramref name="changes"/> (one change alone, several as an array).</summary>
    public static PreparedRequest Webhook(IReadOnlyList<GenericChange> changes, string secret) => Webhook(GenericChange.Body(changes), secret);
}
