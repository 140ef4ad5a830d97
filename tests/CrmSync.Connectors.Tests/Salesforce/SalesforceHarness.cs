using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.Connectors.Salesforce;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.CrmSimulator.Hosting;
using CrmSync.Testing.Salesforce;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Salesforce;

/// <summary>
/// A simulator serving Salesforce's API on a loopback port, and the connectors wired as a host wires them, with a
/// Salesforce source <c>sf</c> pointed at it (the simulator's default connected app and org).
/// </summary>
public sealed class SalesforceHarness : IAsyncDisposable
{
    public const string Source = "sf";

    private SalesforceHarness(WebApplication simulator, ServiceProvider services)
    {
        Simulator = simulator;
        Services = services;
        SimulatorClient = new HttpClient { BaseAddress = simulator.GetSimulatorAddress() };
    }

    public WebApplication Simulator { get; }

    public HttpClient SimulatorClient { get; }

    public ServiceProvider Services { get; }

    public string InstanceUrl => SimulatorClient.BaseAddress!.ToString().TrimEnd('/');

    public IWebhookConnector Connector => Services.GetServices<IWebhookConnector>().Single(c => c.Kind == SourceKind.Salesforce);

    public ISourcePageReader Reader => Services.GetRequiredService<ISourcePageReader>();

    public ISourceChangeFeed Feed => Services.GetRequiredService<ISourceChangeFeed>();

    public static async Task<SalesforceHarness> StartAsync(int accounts = 300, int contacts = 300, IReadOnlyDictionary<string, string?>? sourceSettings = null)
    {
        var simulator = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = $"{accounts}",
            ["Simulator:Contacts"] = $"{contacts}",
        });
        var settings = new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{Source}:Kind"] = "Salesforce",
            [$"CrmSync:Sources:{Source}:InstanceUrl"] = simulator.GetSimulatorAddress().ToString(),
            [$"CrmSync:Sources:{Source}:ClientId"] = "crmsync-client",
            [$"CrmSync:Sources:{Source}:ClientSecret"] = "crmsync-secret",
            [$"CrmSync:Sources:{Source}:Secret"] = SalesforceSamples.ApexSecret,
            [$"CrmSync:Sources:{Source}:OrganizationId"] = SalesforceSamples.OrganizationId,
        };
        foreach (var (key, value) in sourceSettings ?? new Dictionary<string, string?>())
        {
            settings[$"CrmSync:Sources:{Source}:{key}"] = value;
        }

        return new SalesforceHarness(simulator, RestReaders.Create(settings));
    }

    /// <summary>A webhook as the gateway hands it to the connector; Apex bodies are signed unless <paramref name="headers"/> are given.</summary>
    public static WebhookRequest Request(string body, DateTimeOffset? receivedAt = null, IHeaderDictionary? headers = null, string? entity = null)
    {
        var now = receivedAt ?? DateTimeOffset.UtcNow;
        if (headers is null)
        {
            headers = new HeaderDictionary();
            if (!OutboundMessage.LooksLikeXml(Encoding.UTF8.GetBytes(body)))
            {
                var id = $"msg_{Guid.NewGuid():N}";
                headers[StandardWebhookSignature.IdHeader] = id;
                headers[StandardWebhookSignature.TimestampHeader] = $"{now.ToUnixTimeSeconds()}";
                headers[StandardWebhookSignature.SignatureHeader] = StandardWebhookSignature.Sign(SalesforceSamples.ApexSecret, id, now.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body));
            }
        }

        return new WebhookRequest(Source, "POST", new Uri($"https://gateway.example/webhooks/{Source}"), headers, Encoding.UTF8.GetBytes(body), entity, now);
    }

    /// <summary>Changes records in the simulator and answers the bodies the org would send for them (not delivered).</summary>
    public async Task<IReadOnlyList<string>> ChangeAsync(string family, params object[] changes)
    {
        using var response = await SimulatorClient.PostAsJsonAsync("simulator/salesforce/changes",
            new { family, deliver = false, secret = SalesforceSamples.ApexSecret, changes });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonNode.Parse(text)!["messages"]!.AsArray().Select(sent => (string)sent!["message"]!["body"]!)];
    }

    public async Task<JsonObject> StatsAsync() => JsonNode.Parse(await SimulatorClient.GetStringAsync("simulator/stats"))!.AsObject();

    public async Task ControlAsync(string path, string json = "{}")
    {
        using var response = await SimulatorClient.PostAsync($"simulator/{path}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        SimulatorClient.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
