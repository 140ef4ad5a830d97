using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.Connectors.Zendesk;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Zendesk;

/// <summary>A Zendesk source "zd" on the simulator's /zendesk API, wired as a host wires it, and the events the simulator makes.</summary>
public static class ZendeskSource
{
    public const string Name = "zd";
    public const string Secret = "zendesk-signing-secret-for-tests";
    public const string Email = "agent@example.com";
    public const string ApiToken = "api-token";
    public const long Organizations = 360_000_000;
    public const long Users = 370_000_000;

    /// <param name="settings">More of the source's settings, by name under CrmSync:Sources:zd, e.g. ExportPageSize.</param>
    public static ServiceProvider Create(Uri simulator, TimeSpan? readBackDelay = null, IReadOnlyDictionary<string, string?>? settings = null) => RestReaders.Create(new Dictionary<string, string?>(
        (settings ?? new Dictionary<string, string?>()).Select(setting => KeyValuePair.Create($"CrmSync:Sources:{Name}:{setting.Key}", setting.Value)))
    {
        [$"CrmSync:Sources:{Name}:Kind"] = "Zendesk",
        [$"CrmSync:Sources:{Name}:Secret"] = Secret,
        [$"CrmSync:Sources:{Name}:BaseUrl"] = settings?.GetValueOrDefault("BaseUrl") ?? new Uri(simulator, "zendesk").ToString(),
        [$"CrmSync:Sources:{Name}:Subdomain"] = "acme",
        [$"CrmSync:Sources:{Name}:Email"] = Email,
        [$"CrmSync:Sources:{Name}:ApiToken"] = ApiToken,
        [$"CrmSync:Sources:{Name}:ReadBackDelay"] = (readBackDelay ?? TimeSpan.FromMilliseconds(200)).ToString(),
    });

    public static ZendeskConnector Connector(this ServiceProvider services) => services.GetRequiredService<ZendeskConnector>();

    public static IConnectorChangeFeed Feed(this ServiceProvider services) => services.GetServices<IConnectorChangeFeed>().Single(feed => feed.Kind == SourceKind.Zendesk);

    /// <summary>Edits records through POST /simulator/zendesk/changes and returns the signed events, not sent anywhere.</summary>
    public static async Task<List<WebhookRequest>> EditAsync(this SimulatorFixture simulator, params object[] changes)
    {
        using var response = await simulator.Control.PostAsJsonAsync("simulator/zendesk/changes", new { secret = Secret, changes });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var deliveries = (await response.Content.ReadFromJsonAsync<JsonObject>())!["deliveries"]!.AsArray();
        return [.. deliveries.Select(d => Webhooks.Request(Name, (string)d!["body"]!, d["headers"]!.AsObject().ToDictionary(h => h.Key, h => (string)h.Value!)))];
    }

    /// <summary>A signed event of <paramref name="type"/> for a record, as Zendesk sends it.</summary>
    public static WebhookRequest Event(string type, long id, string eventId, string updatedAt = "2026-01-01T00:00:00Z")
    {
        var kind = type.StartsWith("user.", StringComparison.Ordinal) ? "user" : "organization";
        var body = $$$"""{"type":"zen:event-type:{{{type}}}","account_id":1,"id":"{{{eventId}}}","time":"{{{updatedAt}}}","zendesk_event_version":"2022-06-20","subject":"zen:{{{kind}}}:{{{id}}}","detail":{"id":"{{{id}}}","updated_at":"{{{updatedAt}}}"},"event":{}}""";
        return Signed(body);
    }

    public static WebhookRequest Signed(string body, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        return Webhooks.Request(Name, body, new Dictionary<string, string>
        {
            [ZendeskSignature.SignatureHeader] = ZendeskSignature.Sign(Secret, timestamp, System.Text.Encoding.UTF8.GetBytes(body)),
            [ZendeskSignature.TimestampHeader] = timestamp,
        });
    }
}
