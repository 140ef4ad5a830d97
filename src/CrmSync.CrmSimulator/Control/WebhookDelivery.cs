using System.Text;

namespace CrmSync.CrmSimulator.Control;

/// <summary>A notification a CRM's control endpoint made: its headers and exact body, and the target's status if it was sent.</summary>
public sealed record Delivery(Dictionary<string, string> Headers, string Body, int? Status);

/// <summary>
/// Sends a CRM's notifications to the target a test names. A plain client without retries, so the test sees each
/// status as the CRM would, and can resend the returned deliveries shuffled or twice.
/// </summary>
public static class WebhookDelivery
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<Delivery> SendAsync(Uri? target, Dictionary<string, string> headers, string body, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            return new Delivery(headers, body, null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(request, cancellationToken);
        return new Delivery(headers, body, (int)response.StatusCode);
    }

    /// <summary>The target as an absolute http(s) URL, or the problem with it.</summary>
    public static (Uri? Target, string? Problem) ParseTarget(string? target) =>
        target is null ? (null, null)
        : Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? (url, null)
        : (null, $"target '{target}' is not an absolute http(s) URL; name CrmSync's webhook URL, e.g. http://127.0.0.1:5000/webhooks/crm.");
}
