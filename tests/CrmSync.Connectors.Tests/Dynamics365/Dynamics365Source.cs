using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.Connectors.Dynamics365;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.DataverseEmulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Dynamics365;

/// <summary>
/// A second Dataverse as the source: the emulator in-process on a loopback port with a database of its own, and the
/// connectors wired as a host wires them with a Dynamics 365 source <see cref="Name"/> that reads it.
/// </summary>
public sealed class Dynamics365Source : IAsyncLifetime
{
    public const string Name = "d365";
    public const string Key = "webhook-key-for-tests";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "crmsync-d365-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public Uri Organisation { get; private set; } = null!;

    public HttpClient WebApi { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public IWebhookConnector Connector => Services.GetServices<IWebhookConnector>().Single(c => c.Kind == SourceKind.Dynamics365);

    public ISourceChangeFeed ChangeFeed => Services.GetRequiredService<ISourceChangeFeed>();

    public Dynamics365Client Client => Services.GetRequiredService<Dynamics365Client>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        app = await EmulatorHost.StartAsync(Path.Combine(directory, "source.db"));
        Organisation = app.GetBaseAddress();
        WebApi = new HttpClient { BaseAddress = app.GetWebApiAddress() };
        Services = RestReaders.Create(new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{Name}:Kind"] = "Dynamics365",
            [$"CrmSync:Sources:{Name}:ConnectionString"] = $"Url={Organisation}",
            [$"CrmSync:Sources:{Name}:WebhookKey"] = Key,
            [$"CrmSync:Sources:{Name}:PageSize"] = "7",
        });
    }

    public async Task DisposeAsync()
    {
        WebApi.Dispose();
        await Services.DisposeAsync();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    public async Task<Guid> CreateAsync(string entitySet, object body)
    {
        using var response = await WebApi.PostAsJsonAsync(entitySet, body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entityId = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(entityId[(entityId.LastIndexOf('(') + 1)..^1]);
    }

    public async Task<JsonObject> RowAsync(string entitySet, Guid id) => (await WebApi.GetFromJsonAsync<JsonObject>($"{entitySet}({id})"))!;

    public async Task<long> RequestsAsync() => (long)(await new HttpClient().GetFromJsonAsync<JsonObject>(new Uri(Organisation, "emulator/stats")))!["requests"]!;

    /// <summary>A webhook as Dataverse posts it, with WebhookKey authentication.</summary>
    public static WebhookRequest Webhook(string body, string code = Key, params (string Name, string Value)[] headers)
    {
        var all = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            all[name] = value;
        }

        return new WebhookRequest(Name, "POST", new Uri($"https://crmsync.example.com/webhooks/{Name}?code={Uri.EscapeDataString(code)}"), all, Encoding.UTF8.GetBytes(body), null, DateTimeOffset.UtcNow);
    }

    public static string Context(string message, string entity, Guid id, string target = "", string postImage = "")
    {
        var image = postImage.Length == 0 ? "" : $$$"""{"key":"PostImage","value":{"Attributes":[{{{postImage}}}],"Id":"{{{id}}}","LogicalName":"{{{entity}}}"}}""";
        return $$$"""{"MessageName":"{{{message}}}","PrimaryEntityName":"{{{entity}}}","PrimaryEntityId":"{{{id}}}","Stage":40,"InputParameters":[{"key":"Target","value":{"__type":"Entity:http://schemas.microsoft.com/xrm/2011/Contracts","Attributes":[{{{target}}}],"Id":"{{{id}}}","LogicalName":"{{{entity}}}"}}],"PostEntityImages":[{{{image}}}],"PreEntityImages":[]}""";
    }
}
