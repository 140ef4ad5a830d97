using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using CrmSync.Cli.Gateway;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.EndToEnd.Tests.HubSpot;

/// <summary>
/// The CRM simulator as a HubSpot account (in-process, loopback) and the real processes with a HubSpot source
/// <see cref="Source"/> configured by settings alone; the initial sync of both entities runs once, at start.
/// CRMSYNC_HUBSPOT_RECORDS sizes the account (40% companies, 60% contacts): 2,000 records by default, since HubSpot's
/// pages of 100 made 10,000 take 107 s on the shared CI machine; set it to 10000 for the full-size import.
/// </summary>
public sealed class HubSpotSystem : IAsyncLifetime
{
    public const string Source = "hs";
    public const string ClientSecret = "hubspot-app-client-secret-e2e";
    public const string Token = "pat-na1-e2e";
    public const string PortalId = "62515";
    public const int SourceCrmValue = 192350001;

    private WebApplication? crm;
    private CrmSyncSystem? system;

    public static int Records => int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_HUBSPOT_RECORDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1000 ? n : 2000;

    public int Companies { get; } = Records * 2 / 5;

    public int Contacts => Records - Companies;

    public CrmSyncSystem System => system ?? throw new InvalidOperationException("The system has not been started.");

    public HttpClient Crm { get; private set; } = null!;

    public Uri WebhookUrl => new(System.GatewayUrl, $"webhooks/{Source}");

    public SyncJobView CompaniesJob { get; private set; } = null!;

    public SyncJobView ContactsJob { get; private set; } = null!;

    public TimeSpan SyncTime { get; private set; }

    /// <summary>Dataverse's rows of the source right after the initial sync, before any test changed a record.</summary>
    public (Dictionary<string, JsonObject> Accounts, Dictionary<string, JsonObject> Contacts) ImportedRows { get; private set; }

    /// <summary>The records as HubSpot's list API gave them right after the initial sync.</summary>
    public (List<JsonObject> Companies, List<JsonObject> Contacts) ImportedRecords { get; private set; }

    public async Task InitializeAsync()
    {
        crm = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = $"{Companies}",
            ["Simulator:Contacts"] = $"{Contacts}",
            ["Simulator:Auth:Type"] = "Bearer",
            ["Simulator:Auth:Token"] = Token,
        });
        Crm = new HttpClient { BaseAddress = crm.GetSimulatorAddress() };
        system = await CrmSyncSystem.StartAsync(new Dictionary<string, string>
        {
            [$"CrmSync__Sources__{Source}__Kind"] = "HubSpot",
            [$"CrmSync__Sources__{Source}__AccessToken"] = Token,
            [$"CrmSync__Sources__{Source}__ClientSecret"] = ClientSecret,
            [$"CrmSync__Sources__{Source}__PortalId"] = PortalId,
            [$"CrmSync__Sources__{Source}__BaseUrl"] = Crm.BaseAddress!.ToString(),
        });
        using var sync = new SyncClient(System.GatewayUrl);
        var clock = Stopwatch.StartNew();
        CompaniesJob = await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        ContactsJob = await sync.WaitForStateAsync((await sync.StartAsync(Source, "contact")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        await System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(3));
        SyncTime = clock.Elapsed;
        ImportedRows = (await RowsAsync(EmulatorClient.Accounts), await RowsAsync(EmulatorClient.Contacts));
        ImportedRecords = (await ListAsync("companies"), await ListAsync("contacts"));
    }

    public async Task DisposeAsync()
    {
        Crm?.Dispose();
        if (system is not null)
        {
            await system.DisposeAsync();
        }

        if (crm is not null)
        {
            await crm.DisposeAsync();
        }
    }

    /// <summary>Has the simulator change records and send HubSpot's webhooks for them to the gateway.</summary>
    public async Task<JsonObject> ChangeAsync(object[] changes, bool shuffle = false, bool duplicate = false, int batchSize = 100)
    {
        using var response = await Crm.PostAsJsonAsync("simulator/hubspot/changes", new { target = WebhookUrl, clientSecret = ClientSecret, changes, shuffle, duplicate, batchSize, portalId = long.Parse(PortalId) });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body!;
    }

    public async Task FaultAsync(int status, int count) =>
        (await Crm.PostAsJsonAsync("simulator/faults", new { status, count, retryAfterSeconds = 0 })).EnsureSuccessStatusCode();

    public async Task<JsonObject> RecordAsync(string entity, int index) =>
        (await Crm.GetFromJsonAsync<JsonObject>($"simulator/records/{entity}/{(entity == "account" ? "A" : "C")}{index:D7}"))!;

    /// <summary>Every record of a type through the CRM v3 list API, as HubSpot's own clients read it.</summary>
    public async Task<List<JsonObject>> ListAsync(string type)
    {
        var records = new List<JsonObject>();
        string? after = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"crm/v3/objects/{type}?limit=100&properties=name,lastname,associatedcompanyid{(after is null ? "" : $"&after={after}")}");
            request.Headers.Authorization = new("Bearer", Token);
            using var response = await Crm.SendAsync(request);
            var page = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
            records.AddRange(page["results"]!.AsArray().Select(r => r!.AsObject()));
            after = (string?)page["paging"]?["next"]?["after"];
        }
        while (after is not null);

        return records;
    }

    /// <summary>The HubSpot source's rows of one table, by source id.</summary>
    public async Task<Dictionary<string, JsonObject>> RowsAsync(string entitySet) =>
        (await System.Dataverse.RowsAsync(entitySet, $"msdyn_source_crm eq {SourceCrmValue}")).ToDictionary(row => (string)row["msdyn_source_crm_id"]!);
}

[CollectionDefinition(Name)]
public sealed class HubSpotCollection : ICollectionFixture<HubSpotSystem>
{
    public const string Name = "hubspot system";
}
