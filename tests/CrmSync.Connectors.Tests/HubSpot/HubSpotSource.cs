using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.Connectors.HubSpot;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.HubSpot;

/// <summary>
/// The CRM simulator as a HubSpot account (bearer token required), in-process on a loopback port, and the connectors
/// wired as a host wires them with a HubSpot source <see cref="Name"/> that reads it.
/// </summary>
public sealed class HubSpotSource : IAsyncLifetime
{
    public const string Name = "hs";
    public const string Token = "pat-na1-test-token";
    public const string ClientSecret = "hubspot-client-secret-for-tests";
    public const string PortalId = "62515";
    public const int Companies = 150;
    public const int Contacts = 250;

    private WebApplication? app;

    public Uri Address { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public IWebhookConnector Connector => Services.GetServices<IWebhookConnector>().Single(c => c.Kind == SourceKind.HubSpot);

    public HubSpotClient Client => Services.GetRequiredService<HubSpotClient>();

    public IConnectorChangeFeed Feed => FeedOf(Services);

    /// <summary>More simulator settings, by full key, for a fixture started by hand.</summary>
    public IReadOnlyDictionary<string, string?> SimulatorSettings { get; init; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        app = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>(SimulatorSettings)
        {
            ["Simulator:Accounts"] = $"{Companies}",
            ["Simulator:Contacts"] = $"{Contacts}",
            ["Simulator:Auth:Type"] = "Bearer",
            ["Simulator:Auth:Token"] = Token,
        });
        Address = app.GetSimulatorAddress();
        Control = new HttpClient { BaseAddress = Address };
        Services = RestReaders.Create(Settings(Address));
    }

    public static Dictionary<string, string?> Settings(Uri crm, string source = Name) => new()
    {
        [$"CrmSync:Sources:{source}:Kind"] = "HubSpot",
        [$"CrmSync:Sources:{source}:AccessToken"] = Token,
        [$"CrmSync:Sources:{source}:ClientSecret"] = ClientSecret,
        [$"CrmSync:Sources:{source}:PortalId"] = PortalId,
        [$"CrmSync:Sources:{source}:BaseUrl"] = crm.ToString(),
    };

    public async Task DisposeAsync()
    {
        Control.Dispose();
        await Services.DisposeAsync();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await Control.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static IConnectorChangeFeed FeedOf(ServiceProvider services) => services.GetServices<IConnectorChangeFeed>().Single(c => c.Kind == SourceKind.HubSpot);

    /// <summary>The source "hs" on this simulator with more of its settings, by name, e.g. ("SearchPageSize", "2").</summary>
    public ServiceProvider With(params (string Name, string? Value)[] settings)
    {
        var all = Settings(Address);
        foreach (var (name, value) in settings)
        {
            all[$"CrmSync:Sources:{Name}:{name}"] = value;
        }

        return RestReaders.Create(all);
    }

    /// <summary>Changes a company's name <paramref name="times"/> times; each change puts its updatedAt a second later.</summary>
    public async Task RenameCompanyAsync(int id, int times = 1)
    {
        for (var time = 0; time < times; time++)
        {
            await PostAsync($"simulator/records/account/A{id:0000000}", new { fields = new { name = $"Changed {id}" } });
        }
    }

    /// <summary>Archives a company as a deletion in HubSpot does; the deletion webhook goes nowhere.</summary>
    public Task ArchiveCompanyAsync(int id) =>
        PostAsync("simulator/hubspot/changes", new { target = "http://127.0.0.1:9/", clientSecret = "x", changes = new[] { new { entity = "company", id = $"{id}", delete = true } } });

    public Task ResetAsync() => PostAsync("simulator/reset", new { });

    public async Task<long> ApiRequestsAsync() => (long)(await Control.GetFromJsonAsync<JsonObject>("simulator/stats"))!["requests"]!;

    /// <summary>A webhook as the gateway would hand it over, signed by HubSpot's v3 scheme with the source's client secret.</summary>
    public static WebhookRequest Webhook(string body, DateTimeOffset? signedAt = null, string secret = ClientSecret, Uri? url = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = signedAt ?? DateTimeOffset.UtcNow;
        var called = url ?? new Uri($"https://crmsync.example.com/webhooks/{Name}");
        var headers = new HeaderDictionary
        {
            [HubSpotSignature.TimestampHeader] = $"{at.ToUnixTimeMilliseconds()}",
            [HubSpotSignature.SignatureHeader] = HubSpotSignature.Sign(secret, "POST", called, bytes, at.ToUnixTimeMilliseconds()),
        };
        return new WebhookRequest(Name, "POST", called, headers, bytes, null, DateTimeOffset.UtcNow);
    }

    public static string Event(string type, long objectId, long occurredAt, string more = "") =>
        $$"""{"eventId":1,"subscriptionId":2,"portalId":{{PortalId}},"appId":3,"occurredAt":{{occurredAt}},"subscriptionType":"{{type}}","attemptNumber":0,"objectId":{{objectId}},"changeSource":"CRM_UI"{{more}}}""";
}
