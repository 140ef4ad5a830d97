using System.Text;
using CrmSync.Connectors.HubSpot;

namespace CrmSync.EndToEnd.Tests.HubSpot;

/// <summary>Sends event arrays to the gateway signed as HubSpot signs them, for orders the simulator would not choose.</summary>
public sealed class HubSpotWebhooks(HubSpotSystem hubSpot) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false });

    public async Task<HttpStatusCode> SendAsync(params string[] events)
    {
        var body = Encoding.UTF8.GetBytes($"[{string.Join(',', events)}]");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hubSpot.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(HubSpotSignature.TimestampHeader, $"{timestamp}");
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.Sign(HubSpotSystem.ClientSecret, "POST", hubSpot.WebhookUrl, body, timestamp));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static string PropertyChange(string objectName, long id, DateTimeOffset at, string property, string value) =>
        $$"""{"eventId":1,"subscriptionId":2,"portalId":62515,"appId":3,"occurredAt":{{at.ToUnixTimeMilliseconds()}},"subscriptionType":"{{objectName}}.propertyChange","attemptNumber":0,"objectId":{{id}},"propertyName":"{{property}}","propertyValue":"{{value}}","changeSource":"CRM_UI"}""";

    public void Dispose() => http.Dispose();
}
