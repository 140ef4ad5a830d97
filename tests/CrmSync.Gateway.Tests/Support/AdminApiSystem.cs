using System.Net.Http.Json;
using CrmSync.CrmSimulator.Hosting;
using CrmSync.Testing;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.Gateway.Tests.Support;

/// <summary>
/// The real processes as <see cref="CrmSyncSystem"/> starts them (the gateway as the AppHost configures it, with no
/// admin API key), plus a second gateway on the same silo with <c>CrmSync__AdminApiKey</c> set, and a REST source
/// <see cref="RestSource"/> whose accounts the CRM simulator serves. Started once for the whole collection.
/// </summary>
public sealed class AdminApiSystem : IAsyncLifetime
{
    public const string AdminApiKey = "admin-key-for-tests-3f9c1e";
    public const string KeyedGatewayName = "gateway-keyed";

    /// <summary>A source of Kind Rest with accounts configured (contacts not), read from the CRM simulator.</summary>
    public const string RestSource = "crm";
    public const int SimulatedAccounts = 120;

    private CrmSyncSystem? _system;
    private WebApplication? _crm;

    private CrmSyncSystem System => _system ?? throw new InvalidOperationException("The system has not been started.");

    /// <summary>No proxy: an http_proxy variable must not route loopback requests elsewhere.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The gateway with no admin API key configured.</summary>
    public Uri Gateway => System.GatewayUrl;

    public Uri KeyedGateway { get; private set; } = null!;

    public EmulatorClient Dataverse => System.Dataverse;

    public async Task InitializeAsync()
    {
        KeyedGateway = new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}");
        _crm = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?> { ["Simulator:Accounts"] = $"{SimulatedAccounts}" });
        _system = await CrmSyncSystem.StartAsync(RestSourceSettings(_crm.GetSimulatorAddress()), moreResources: resources =>
        {
            var gateway = resources.OfType<ProjectResource>().Single(resource => resource.Name == CrmSyncResources.Gateway);
            return [gateway with
            {
                Name = KeyedGatewayName,
                Url = KeyedGateway.ToString().TrimEnd('/'),
                Environment = new Dictionary<string, string>(gateway.Environment) { ["CrmSync__AdminApiKey"] = AdminApiKey },
            }];
        });
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (_crm is not null)
        {
            await _crm.DisposeAsync();
        }

        Http.Dispose();
    }

    /// <summary>The simulator's accounts, paged by Link header as ServiceNow pages, 50 a page.</summary>
    private static Dictionary<string, string> RestSourceSettings(Uri simulator)
    {
        const string Source = $"CrmSync__Sources__{RestSource}";
        const string Accounts = $"{Source}__Entities__account";
        return new()
        {
            [$"{Source}__Kind"] = "Rest",
            [$"{Source}__Secret"] = WebhookSecret.Generate(),
            [$"{Source}__SourceCrmValue"] = $"{CrmSyncResources.OtherSourceCrmValue}",
            [$"{Source}__BaseUrl"] = new Uri(simulator, "api/").ToString(),
            [$"{Accounts}__Path"] = "link/accounts",
            [$"{Accounts}__Records"] = "$.result",
            [$"{Accounts}__Paging__Style"] = "LinkHeader",
            [$"{Accounts}__Paging__PageSize"] = "50",
            [$"{Accounts}__Paging__PageSizeParam"] = "sysparm_limit",
            [$"{Accounts}__Id"] = "id",
            [$"{Accounts}__Version"] = "version",
            [$"{Accounts}__Url"] = "url",
            [$"{Accounts}__Fields__name"] = "name",
            [$"{Accounts}__Fields__telephone1"] = "telephone",
            [$"{Accounts}__Fields__emailaddress1"] = "email",
            [$"{Accounts}__Fields__websiteurl"] = "website",
        };
    }

    /// <summary>The last lines of every resource, for failure messages.</summary>
    public string RecentOutput() => System.RecentOutput();

    /// <summary>Sends changes in the generic format to <c>POST /webhooks/generic</c>, signed with the source's secret; fails unless answered 2xx.</summary>
    public async Task SendWebhookAsync(string json)
    {
        var response = await System.Webhooks.SendAsync(System.Webhooks.CreateRequest(WebhookMessage.Of(json)));
        Assert.True(response.IsSuccess, $"The webhook was answered {response}");
    }

    /// <summary>A row made by hand with the record's source columns under another id, so that Dataverse refuses the record's own.</summary>
    public Task<Guid> MakeRowByHandAsync(string sourceId) => Dataverse.MakeAccountByHandAsync(sourceId);

    public Task DeleteRowAsync(Guid id) => Dataverse.DeleteAccountAsync(id);
}

/// <summary>One system for every admin API class: each class only reads what it made itself, and a start costs seconds.</summary>
[CollectionDefinition(Name)]
public sealed class AdminApiCollection : ICollectionFixture<AdminApiSystem>
{
    public const string Name = "admin API system";
}
