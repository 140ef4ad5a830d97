using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>
/// Sends webhook arrays as HubSpot does: POST, JSON array, <c>X-HubSpot-Signature-v3</c> = base64 HMAC-SHA256 keyed
/// with the app's client secret over method + URI + body + <c>X-HubSpot-Request-Timestamp</c> (epoch ms). The simulator
/// signs on its own, from HubSpot's description, so that a mistake in the connector's check does not hide itself.
/// </summary>
public sealed class HubSpotNotifier : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Posts the events and returns the status of each request.</summary>
    public async Task<int> SendAsync(Uri target, string clientSecret, byte[] body, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes("POST" + target.AbsoluteUri).Concat(body).Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-HubSpot-Signature-v3", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), signed)));
        request.Headers.Add("X-HubSpot-Signature-Version", "v3");
        request.Headers.Add("X-HubSpot-Request-Timestamp", timestamp);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // HubSpot records an unreachable endpoint as a failed delivery; so does the simulator's answer.
            return 0;
        }
    }

    public void Dispose() => http.Dispose();
}
