using System.Diagnostics;
using System.Globalization;
using CrmSync.Cli.Gateway;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;

namespace CrmSync.EndToEnd.Tests.Dynamics365;

/// <summary>
/// A second Dataverse emulator process as the source organisation, seeded through its Web API, and the real processes
/// (with their own target emulator) with a Dynamics 365 source <see cref="Source"/> configured by settings alone. The
/// source's webhook (RemoteExecutionContext without a post-image, so every notification is read back) posts through a
/// <see cref="WebhookRelay"/>. The initial sync of both entities runs once, at start.
/// CRMSYNC_DYNAMICS365_RECORDS sizes the organisation (40% accounts, 60% contacts, every fifth contact without an
/// account): 10,000 records by default, which the shared two-core CI machine seeds in 3–7 s and imports in 33–43 s (pages of 5,000).
/// </summary>
public sealed class Dynamics365System : IAsyncLifetime
{
    public const string Source = "d365";
    public const string WebhookKey = "d365-webhook-key-e2e";
    public const string SourceResource = "source-dataverse";

    /// <summary>The connector's msdyn_source_crm label is "Dynamics 365", which is this option in Dataverse's choice.</summary>
    public const int SourceCrmValue = 192350002;

    private readonly TempDirectory data = new("crmsync-d365-source-");
    private CrmSyncSystem? system;

    public static int Records => int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_DYNAMICS365_RECORDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1000 ? n : 10_000;

    public int Accounts { get; } = Records * 2 / 5;

    public int Contacts => Records - Accounts;

    public CrmSyncSystem System => system ?? throw new InvalidOperationException("The system has not been started.");

    public SourceOrganisation Organisation { get; private set; } = null!;

    public WebhookRelay Relay { get; private set; } = null!;

    public SyncJobView AccountsJob { get; private set; } = null!;

    public SyncJobView ContactsJob { get; private set; } = null!;

    public TimeSpan SeedTime { get; private set; }

    public TimeSpan SyncTime { get; private set; }

    /// <summary>Dataverse's rows of the source right after the initial sync, before any test changed a record.</summary>
    public (Dictionary<string, JsonObject> Accounts, Dictionary<string, JsonObject> Contacts) ImportedRows { get; private set; }

    public async Task InitializeAsync()
    {
        Relay = await WebhookRelay.StartAsync();
        var organisation = new Uri($"http://127.0.0.1:{Ports.Free(1)[0]}/");
        Organisation = new SourceOrganisation(organisation);
        var prefix = $"CrmSync__Sources__{Source}__";
        system = await CrmSyncSystem.StartAsync(
            new Dictionary<string, string>
            {
                [prefix + "Kind"] = "Dynamics365",
                [prefix + "ConnectionString"] = $"AuthType=None;Url={organisation.GetLeftPart(UriPartial.Authority)}",
                [prefix + "WebhookKey"] = WebhookKey,
            },
            moreResources: _ => [SourceEmulator(organisation)]);
        Relay.Gateway = System.GatewayUrl;

        var clock = Stopwatch.StartNew();
        await Organisation.SeedAsync(Accounts, Contacts);
        SeedTime = clock.Elapsed;

        using var sync = new SyncClient(System.GatewayUrl);
        clock.Restart();
        AccountsJob = await sync.WaitForStateAsync((await sync.StartAsync(Source, Entities.Account)).Id, SyncJobState.Completed, TimeSpan.FromMinutes(5));
        ContactsJob = await sync.WaitForStateAsync((await sync.StartAsync(Source, Entities.Contact)).Id, SyncJobState.Completed, TimeSpan.FromMinutes(5));
        await System.Dataverse.WaitUntilWritesSettleAsync(TimeSpan.FromMinutes(5));
        SyncTime = clock.Elapsed;
        ImportedRows = (await RowsAsync(EmulatorClient.Accounts), await RowsAsync(EmulatorClient.Contacts));
        Relay.Mode = RelayMode.Forward;
    }

    public async Task DisposeAsync()
    {
        if (system is not null)
        {
            await system.DisposeAsync();
        }

        Organisation?.Dispose();
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        data.Dispose();
    }

    /// <summary>The Dynamics 365 source's rows of one table, by source id.</summary>
    public async Task<Dictionary<string, JsonObject>> RowsAsync(string entitySet) =>
        (await System.Dataverse.RowsAsync(entitySet, $"msdyn_source_crm eq {SourceCrmValue}")).ToDictionary(row => (string)row["msdyn_source_crm_id"]!);

    /// <summary>
    /// The emulator again, started after the gateway so that it can run as one of the system's processes; its webhook is
    /// registered on account and contact with WebhookKey authentication and no post-image.
    /// </summary>
    private ProjectResource SourceEmulator(Uri organisation) => new(SourceResource, ProjectPaths.DataverseEmulator, organisation.GetLeftPart(UriPartial.Authority))
    {
        Environment = new Dictionary<string, string>
        {
            ["Emulator__DatabasePath"] = Path.Combine(data.Path, "source.db"),
            ["Emulator__Webhooks__Url"] = new Uri(Relay.Url, $"webhooks/{Source}").ToString(),
            ["Emulator__Webhooks__Key"] = WebhookKey,
            ["Emulator__Webhooks__PostImage"] = "false",
        },
    };
}

[CollectionDefinition(Name)]
public sealed class Dynamics365Collection : ICollectionFixture<Dynamics365System>
{
    public const string Name = "dynamics 365 system";
}
