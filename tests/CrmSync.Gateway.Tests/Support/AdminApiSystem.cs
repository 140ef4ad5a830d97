using System.Net.Http.Json;
using System.Text;
using CrmSync.Connectors.Generic;
using CrmSync.Testing;

namespace CrmSync.Gateway.Tests.Support;

/// <summary>
/// The real processes, started the way the AppHost starts them (<see cref="CrmSyncResources.Define"/> and the
/// <see cref="ResourceOrchestrator"/>) on free loopback ports with a data directory of their own: the Dataverse
/// emulator, one silo, the gateway as the AppHost configures it (no admin API key), and a second gateway on the same
/// silo with <c>CrmSync__AdminApiKey</c> set. Started once for all the tests that share it.
/// </summary>
public sealed class AdminApiSystem : IAsyncLifetime
{
    public const string AdminApiKey = "admin-key-for-tests-3f9c1e";
    public const string KeyedGatewayName = "gateway-keyed";

    /// <summary>Settings a developer may have exported for their own AppHost; the system under test must not see them.</summary>
    private static readonly string[] DevelopersSettings = ["CrmSync__", "ConnectionStrings__", "Orleans__", "Emulator__", "services__"];

    private readonly TempDirectory _data = new("crmsync-gateway-tests-");
    private readonly string _webhookSecret = WebhookSecret.Generate();
    private ResourceOrchestrator? _orchestrator;

    /// <summary>No proxy: an http_proxy variable must not route loopback requests elsewhere.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The gateway with no admin API key configured.</summary>
    public Uri Gateway { get; private set; } = null!;

    public Uri KeyedGateway { get; private set; } = null!;

    /// <summary>The emulator's Web API root, e.g. <c>http://127.0.0.1:41234/api/data/v9.2/</c>.</summary>
    public Uri DataverseWebApi { get; private set; } = null!;

    public EmulatorClient Dataverse { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ports = Ports.Free(6);
        var options = new AppHostOptions
        {
            DataDirectory = _data.Path,
            GatewayPort = ports[0],
            DataversePort = ports[1],
            SiloHttpPort = ports[2],
            SiloPort = ports[3],
            SiloGatewayPort = ports[4],
        };
        var resources = CrmSyncResources.Define(options, _webhookSecret);
        var gateway = resources.OfType<ProjectResource>().Single(resource => resource.Name == CrmSyncResources.Gateway);
        var keyedGateway = gateway with
        {
            Name = KeyedGatewayName,
            Url = $"http://127.0.0.1:{ports[5]}",
            Environment = new Dictionary<string, string>(gateway.Environment) { ["CrmSync__AdminApiKey"] = AdminApiKey },
        };
        IReadOnlyList<IResource> all = [.. resources, keyedGateway];
        foreach (var resource in all)
        {
            resource.EnsureBuilt();
        }

        _orchestrator = new ResourceOrchestrator(_ => { }) { HealthTimeout = TimeSpan.FromSeconds(90) };
        await _orchestrator.StartAsync(all.ToSpecs(options.EnvironmentName, InheritedEnvironment()));
        Gateway = new Uri(gateway.Url);
        KeyedGateway = new Uri(keyedGateway.Url);
        DataverseWebApi = new Uri($"http://127.0.0.1:{options.DataversePort}/api/data/v9.2/");
        Dataverse = new EmulatorClient(new Uri($"http://127.0.0.1:{options.DataversePort}"));
    }

    public async Task DisposeAsync()
    {
        if (_orchestrator is not null)
        {
            await _orchestrator.DisposeAsync();
        }

        Dataverse?.Dispose();
        Http.Dispose();
        _data.Dispose();
    }

    /// <summary>The last lines of every resource, for failure messages.</summary>
    public string RecentOutput() => string.Join(
        Environment.NewLine,
        (_orchestrator?.Resources ?? []).Select(resource =>
            $"Last output of {resource.Name}:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", resource.RecentOutput)}"));

    /// <summary>Sends changes in the generic format to <c>POST /webhooks/generic</c>, signed with the source's secret; fails unless answered 2xx.</summary>
    public async Task SendWebhookAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var id = $"msg_{Guid.NewGuid():N}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, $"/webhooks/{CrmSyncResources.GenericSource}"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StandardWebhookSignature.IdHeader, id);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, $"{timestamp}");
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(_webhookSecret, id, timestamp, body));
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"The webhook was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// A row someone made in Dataverse with a record's source columns under another id: Dataverse refuses the
    /// record's own row (412, duplicate key) until this one is deleted.
    /// </summary>
    public async Task<Guid> MakeRowByHandAsync(string sourceId)
    {
        var id = Guid.NewGuid();
        using var response = await Http.PostAsJsonAsync(new Uri(DataverseWebApi, "accounts"), new Dictionary<string, object>
        {
            ["accountid"] = id,
            ["name"] = "Made by hand",
            ["msdyn_source_crm"] = CrmSyncResources.OtherSourceCrmValue,
            ["msdyn_source_crm_id"] = sourceId,
        });
        response.EnsureSuccessStatusCode();
        return id;
    }

    public async Task DeleteRowAsync(Guid id)
    {
        using var response = await Http.DeleteAsync(new Uri(DataverseWebApi, $"accounts({id})"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>This process's environment without the developer's own CrmSync settings.</summary>
    private static Dictionary<string, string> InheritedEnvironment() =>
        EnvironmentVariables.Current()
            .Where(variable => !DevelopersSettings.Any(prefix => variable.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
}
