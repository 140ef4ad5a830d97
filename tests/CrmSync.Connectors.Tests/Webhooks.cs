using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSync.Connectors.Tests;

/// <summary>Webhook requests as the gateway hands them to a connector.</summary>
public static class Webhooks
{
    public static WebhookRequest Request(string source, string body, IDictionary<string, string> headers, DateTimeOffset? receivedAt = null) =>
        Request(source, Encoding.UTF8.GetBytes(body), headers, receivedAt);

    public static WebhookRequest Request(string source, byte[] body, IDictionary<string, string> headers, DateTimeOffset? receivedAt = null)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return new WebhookRequest(source, "POST", new Uri($"http://127.0.0.1/webhooks/{source}"), dictionary, body, null, receivedAt ?? DateTimeOffset.UtcNow);
    }

    public static string Basic(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
}
