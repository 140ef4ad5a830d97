using System.Diagnostics;
using System.Text;
using CrmSync.Connectors.Shared;

namespace CrmSync.Testing;

/// <summary>A message as a CRM keeps it for delivery: a resend carries the same id, timestamp and body.</summary>
public sealed record WebhookMessage(string Id, DateTimeOffset SentAt, string Body)
{
    public static WebhookMessage Of(string body, DateTimeOffset? sentAt = null) =>
        new($"msg_{Guid.NewGuid():N}", sentAt ?? DateTimeOffset.UtcNow, body);

    public static WebhookMessage Of(params GenericChange[] changes) => Of(GenericChange.Body(changes));
}

/// <summary>Sends webhooks to the gateway as a CRM would, signed with the source's secret (Standard Webhooks).</summary>
public sealed class WebhookSender(Uri gatewayUrl, string sourceSecret) : IDisposable
{
    public const string Source = CrmSyncResources.GenericSource;

    private static readonly TimeSpan ResendDelay = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = gatewayUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>
    /// A POST of the message to <c>/webhooks/{source}</c>, signed with the source's secret or <paramref name="secret"/>,
    /// for a test to alter before sending.
    /// </summary>
    public HttpRequestMessage CreateRequest(WebhookMessage message, string source = Source, string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"webhooks/{source}")
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in SignatureHeaders(message.Id, message.SentAt, Encoding.UTF8.GetBytes(message.Body), secret ?? sourceSecret))
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    /// <summary>The Standard Webhooks headers that sign <paramref name="body"/> as message <paramref name="id"/> sent at <paramref name="sentAt"/>.</summary>
    public static KeyValuePair<string, string>[] SignatureHeaders(string id, DateTimeOffset sentAt, ReadOnlySpan<byte> body, string secret)
    {
        var timestamp = sentAt.ToUnixTimeSeconds();
        return
        [
            new(StandardWebhookSignature.IdHeader, id),
            new(StandardWebhookSignature.TimestampHeader, $"{timestamp}"),
            new(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(secret, id, timestamp, body)),
        ];
    }

    public async Task<WebhookResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request);
            return await WebhookResponse.ReadAsync(response);
        }
    }

    /// <summary>Sends the changes once, in one request.</summary>
    public Task<WebhookResponse> SendAsync(params GenericChange[] changes) => SendAsync(CreateRequest(WebhookMessage.Of(changes)));

    /// <summary>
    /// Delivers the message as a CRM does: sends it again after any answer other than 2xx, or none, until a 2xx or
    /// <paramref name="patience"/> runs out. Returns the 2xx and how many sends it took. <paramref name="sent"/> hears of
    /// every send: how long it took and, unless it was acknowledged, why not.
    /// </summary>
    public async Task<(WebhookResponse Response, int Attempts)> DeliverAsync(WebhookMessage message, TimeSpan patience, Action<TimeSpan, string?>? sent = null, string source = Source)
    {
        var waited = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            string last;
            var sending = Stopwatch.StartNew();
            try
            {
                var response = await SendAsync(CreateRequest(message, source));
                if (response.IsSuccess)
                {
                    sent?.Invoke(sending.Elapsed, null);
                    return (response, attempt);
                }

                last = response.ToString();
                sent?.Invoke(sending.Elapsed, last);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
                sent?.Invoke(sending.Elapsed, last);
            }

            if (waited.Elapsed > patience)
            {
                throw new TimeoutException($"Message {message.Id} was not acknowledged within {patience.TotalSeconds:0} s ({attempt} sends); last answer: {last}");
            }

            await Task.Delay(ResendDelay);
        }
    }

    public void Dispose() => _http.Dispose();
}
