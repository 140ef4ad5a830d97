using System.Diagnostics;
using System.Net.Http.Json;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;
using SyncJobView = CrmSync.Cli.Gateway.SyncJobView;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.EndToEnd.Tests.ServiceNow;

/// <summary>
/// A ServiceNow instance (the CRM simulator's Table API, in this process) with 10,000 records, and the real CrmSync
/// processes with a ServiceNow source configured from settings alone. Starting both, and the initial sync of every
/// record, contacts before their accounts, is done once for the class.
/// </summary>
public sealed class ServiceNowSystemFixture : IAsyncLifetime
{
    public const string Source = "servicenow";
    public const int Accounts = 5_000;
    public const int Contacts = 5_000;
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string WebhookUsername = "servicenow";
    public const string WebhookPassword = "pa55word";

    private WebApplication? simulator;

    public CrmSyncSystem System { get; private set; } = null!;

    public HttpClient Crm { get; private set; } = null!;

    public Uri WebhookUrl => new(System.GatewayUrl, $"webhooks/{Source}");

    public IReadOnlyList<SyncJobView> ImportJobs { get; private set; } = [];

    public TimeSpan ImportDuration { get; private set; }

    public async Task InitializeAsync()
    {
        simulator = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = $"{Accounts}", ["Simulator:Contacts"] = $"{Contacts}",
            ["Simulator:Auth:Type"] = "Basic", ["Simulator:Auth:Username"] = "crmsync", ["Simulator:Auth:Password"] = "read0nly",
        });
        Crm = new HttpClient { BaseAddress = simulator.GetSimulatorAddress() };
        var prefix = $"CrmSync__Sources__{Source}__";
        System = await CrmSyncSystem.StartAsync(new Dictionary<string, string>
        {
            [prefix + "Kind"] = "ServiceNow",
            [prefix + "Instance"] = Crm.BaseAddress!.ToString().TrimEnd('/'),
            [prefix + "Auth__Username"] = "crmsync",
            [prefix + "Auth__Password"] = "read0nly",
            [prefix + "Secret"] = Secret,
            [prefix + "WebhookUsername"] = WebhookUsername,
            [prefix + "WebhookPassword"] = WebhookPassword,
        });
        await ImportAsync();
    }

    /// <summary>Contacts first: each waits for its account, which the second job brings.</summary>
    private async Task ImportAsync()
    {
        using var sync = new SyncClient(System.GatewayUrl);
        var clock = Stopwatch.StartNew();
        var jobs = new List<SyncJobView>();
        foreach (var entity in (string[])[Entities.Contact, Entities.Account])
        {
            var job = await sync.StartAsync(Source, entity);
            jobs.Add(await sync.WaitForStateAsync(job.Id, SyncJobState.Completed, TimeSpan.FromMinutes(3)));
        }

        await System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(2));
        ImportDuration = clock.Elapsed;
        ImportJobs = jobs;
    }

    /// <summary>Makes changes in the CRM and answers the notifications its business rules send (or would send, with deliver false).</summary>
    public async Task<JsonArray> ChangeAsync(string family, bool deliver, IEnumerable<object> changes, int concurrency = 16)
    {
        using var response = await Crm.PostAsJsonAsync("simulator/servicenow/changes", new
        {
            target = WebhookUrl.ToString(), family, secret = Secret, username = WebhookUsername, password = WebhookPassword,
            deliver, concurrency, changes,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["notifications"]!.AsArray();
    }

    public async Task<JsonObject> CrmRecordAsync(string table, string sysId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/now/table/{table}/{sysId}?sysparm_exclude_reference_link=true");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("crmsync:read0nly"u8.ToArray()));
        using var response = await Crm.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!.AsObject();
    }

    public async Task<long> ReadBacksAsync() => (long)(await Crm.GetFromJsonAsync<JsonObject>("simulator/stats"))!["readBacks"]!;

    public Task QueueFaultAsync(object fault) => Crm.PostAsJsonAsync("simulator/faults", fault);

    public async Task DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        Crm?.Dispose();
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
    }
}
