using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.EndToEnd.Tests.Dynamics365;

public enum RelayMode
{
    /// <summary>Each notification goes on to the gateway at once, and the emulator gets the gateway's answer.</summary>
    Forward,

    /// <summary>Notifications are kept for the test to send in an order Dataverse would not choose.</summary>
    Hold,

    /// <summary>Notifications are answered 204 and lost: while the source is seeded, and to follow it by change tracking alone.</summary>
    Drop,
}

/// <summary>A RemoteExecutionContext as the source organisation posted it: the path with <c>?code=</c>, the body and Dataverse's headers.</summary>
public sealed record Notification(string PathAndQuery, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public bool Concerns(Guid id) => Encoding.UTF8.GetString(Body).Contains($"\"PrimaryEntityId\":\"{id}\"", StringComparison.Ordinal);

    /// <summary>As Dataverse posts a notification over its size limit: the header set, so the receiver reads the row back.</summary>
    public Notification SizeExceeded() => this with { Headers = [.. Headers, KeyValuePair.Create("x-ms-dynamics-msg-size-exceeded", "true")] };
}

/// <summary>
/// Stands where the internet would, between the source organisation's webhook and the gateway, so that a test chooses
/// when the notifications the emulator really posted arrive; what it forwards is byte for byte what the emulator sent.
/// </summary>
public sealed class WebhookRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly ConcurrentQueue<Notification> held = new();

    private WebhookRelay(WebApplication app) => this.app = app;

    public RelayMode Mode { get; set; } = RelayMode.Drop;

    /// <summary>Where forwarded notifications go: the gateway, once it runs.</summary>
    public Uri? Gateway { get; set; }

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookRelay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var relay = new WebhookRelay(app);
        app.MapPost("/{**path}", relay.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        relay.Url = new Uri(address);
        return relay;
    }

    /// <summary>Takes the notifications held so far, in the order the emulator posted them.</summary>
    public List<Notification> TakeHeld()
    {
        var taken = new List<Notification>();
        while (held.TryDequeue(out var notification))
        {
            taken.Add(notification);
        }

        return taken;
    }

    /// <summary>
    /// Waits until a notification about each of <paramref name="ids"/> is held, and takes those; others held meanwhile
    /// (a previous test's, still on their way) are dropped.
    /// </summary>
    public async Task<List<Notification>> TakeHeldAsync(int count, params Guid[] ids)
    {
        var taken = new List<Notification>();
        await Eventually.MatchesAsync(
            () =>
            {
                while (held.TryDequeue(out var notification))
                {
                    if (ids.Any(notification.Concerns))
                    {
                        taken.Add(notification);
                    }
                }

                return Task.FromResult(taken.Count);
            },
            n => n >= count,
            $"{count} notifications about {string.Join(", ", ids)} to be held");
        return taken;
    }

    public async Task<HttpStatusCode> SendAsync(Notification notification)
    {
        var gateway = Gateway ?? throw new InvalidOperationException("The relay has no gateway to send to yet.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, notification.PathAndQuery)) { Content = new ByteArrayContent(notification.Body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in notification.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var headers = request.Headers.Where(h => h.Key.StartsWith("x-ms-dynamics-", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToList();
        var notification = new Notification($"{request.Path}{request.QueryString}".TrimStart('/'), body.ToArray(), headers);
        switch (Mode)
        {
            case RelayMode.Forward:
                return Results.StatusCode((int)await SendAsync(notification));
            case RelayMode.Hold:
                held.Enqueue(notification);
                return Results.NoContent();
            default:
                return Results.NoContent();
        }
    }
}
