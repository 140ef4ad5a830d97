using System.Text;
using CrmSync.Connectors.ServiceNow;
using CrmSync.Connectors.Tests.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.ServiceNow;

/// <summary>The ServiceNow connector as a host wires it, for source <see cref="Source"/> reading the simulator's Table API.</summary>
public sealed class ServiceNowHarness : IDisposable
{
    public const string Source = "sn";

    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public const string WebhookUsername = "servicenow";

    public const string WebhookPassword = "pa55word";

    private readonly ServiceProvider services;

    public ServiceNowHarness(Uri instance, IReadOnlyDictionary<string, string?>? more = null)
    {
        Instance = instance.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{Source}:Kind"] = "ServiceNow",
            [$"CrmSync:Sources:{Source}:Instance"] = Instance,
            [$"CrmSync:Sources:{Source}:Auth:Username"] = "admin",
            [$"CrmSync:Sources:{Source}:Auth:Password"] = "admin",
            [$"CrmSync:Sources:{Source}:Secret"] = Secret,
            [$"CrmSync:Sources:{Source}:WebhookUsername"] = WebhookUsername,
            [$"CrmSync:Sources:{Source}:WebhookPassword"] = WebhookPassword,
            [$"CrmSync:Sources:{Source}:PageSize"] = "40",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        services = RestReaders.Create(settings);
        Connector = services.GetRequiredService<ServiceNowConnector>();
    }

    public string Instance { get; }

    public ServiceNowConnector Connector { get; }

    public ISourcePageReader Reader => services.Reader();

    public ISourceChangeFeed Feed => services.GetRequiredService<ISourceChangeFeed>();

    public static WebhookRequest Request(string method, string? entity, string body, IEnumerable<KeyValuePair<string, string>> headers, DateTimeOffset? receivedAt = null)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        var path = entity is null ? $"/webhooks/{Source}" : $"/webhooks/{Source}/{entity}";
        return new WebhookRequest(Source, method, new Uri("http://gateway.test" + path), dictionary, Encoding.UTF8.GetBytes(body), entity, receivedAt ?? DateTimeOffset.UtcNow);
    }

    public static KeyValuePair<string, string> Basic(string username = WebhookUsername, string password = WebhookPassword) =>
        new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary>Verify, then parse, as the gateway does.</summary>
    public async Task<IReadOnlyList<RecordChange>> ReceiveAsync(WebhookRequest request)
    {
        Connector.Verify(request);
        return await Connector.ParseAsync(request, CancellationToken.None);
    }

    public void Dispose() => services.Dispose();
}
