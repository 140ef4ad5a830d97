using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Connectors.Tests.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Pipedrive;

/// <summary>A Pipedrive source "pd" on the simulator's /pipedrive API, wired as a host wires it, and the notifications the simulator makes.</summary>
public static class PipedriveSource
{
    public const string Name = "pd";
    public const string ApiToken = "pipedrive-api-token";
    public const string Username = "crmsync";
    public const string Password = "webhook-password";

    public static ServiceProvider Create(Uri simulator, int pageSize = 500) => RestReaders.Create(new Dictionary<string, string?>
    {
        [$"CrmSync:Sources:{Name}:Kind"] = "Pipedrive",
        [$"CrmSync:Sources:{Name}:BaseUrl"] = new Uri(simulator, "pipedrive").ToString(),
        [$"CrmSync:Sources:{Name}:CompanyDomain"] = "acme",
        [$"CrmSync:Sources:{Name}:ApiToken"] = ApiToken,
        [$"CrmSync:Sources:{Name}:WebhookUsername"] = Username,
        [$"CrmSync:Sources:{Name}:WebhookPassword"] = Password,
        [$"CrmSync:Sources:{Name}:PageSize"] = pageSize.ToString(),
    });

    public static IWebhookConnector Connector(this ServiceProvider services) =>
        services.GetServices<IWebhookConnector>().Single(c => c.Kind == SourceKind.Pipedrive);

    /// <summary>Edits records through POST /simulator/pipedrive/changes and returns the notifications, not sent anywhere.</summary>
    public static async Task<List<WebhookRequest>> EditAsync(this SimulatorFixture simulator, string timestampForm, params object[] changes)
    {
        using var response = await simulator.Control.PostAsJsonAsync("simulator/pipedrive/changes", new { username = Username, password = Password, timestampForm, changes });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var deliveries = (await response.Content.ReadFromJsonAsync<JsonObject>())!["deliveries"]!.AsArray();
        return [.. deliveries.Select(d => Webhooks.Request(Name, (string)d!["body"]!, d["headers"]!.AsObject().ToDictionary(h => h.Key, h => (string)h.Value!)))];
    }

    public static WebhookRequest Notification(string body, string? username = Username, string password = Password) =>
        Webhooks.Request(Name, body, username is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = Webhooks.Basic(username, password) });
}
