using System.Diagnostics;

namespace CrmSync.EndToEnd.Tests;

public sealed class CrmSourcesSystem : CrmSourceSystem
{
    /// <summary>10,000 records per source by default; CRMSYNC_E2E_RECORDS sets another count.</summary>
    public static readonly int Records = int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_E2E_RECORDS"), out var records) ? records : 10_000;

    public static int Accounts => Records * 3 / 10;

    public static int Contacts => Records - Accounts;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(
        CrmSourceSystem.Zendesk("zd", "zendesk-signing-secret-e2e").Concat(CrmSourceSystem.Pipedrive("pd", "crmsync", "password")))
    {
        ["Simulator__Accounts"] = $"{Accounts}",
        ["Simulator__Contacts"] = $"{Contacts}",
    };
}

/// <summary>The initial sync of a Zendesk and a Pipedrive source from settings alone, through the real processes, with the CRM throttling and failing.</summary>
public sealed class InitialSyncOfCrmsTests : IClassFixture<CrmSourcesSystem>
{
    private readonly CrmSourcesSystem system;
    private readonly ITestOutputHelper output;

    public InitialSyncOfCrmsTests(CrmSourcesSystem system, ITestOutputHelper output)
    {
        this.system = system;
        this.output = output;
        system.System.ShowOutputIn(output);
    }

    [Theory]
    [InlineData("zd", 3, "360000001", "https://acme.zendesk.com/agent/organizations/360000001")]
    [InlineData("pd", 192350003, "1", "https://acme.pipedrive.com/organization/1")]
    public async Task EveryOrganizationAndPersonLandsOnceWithTheKindsValueThroughThrottlingAndServerErrors(string source, int sourceCrm, string firstAccount, string link)
    {
        using var sync = new SyncClient(system.System.GatewayUrl);
        await system.Crm.FaultsAsync(new { status = 429, count = 2, retryAfterSeconds = 1 });
        var clock = Stopwatch.StartNew();

        var accounts = await sync.WaitForStateAsync((await sync.StartAsync(source, "account")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        await system.Crm.FaultsAsync(new { status = 500, count = 2 });
        var contacts = await sync.WaitForStateAsync((await sync.StartAsync(source, "contact")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        var filter = $"msdyn_source_crm eq {sourceCrm}";
        await Eventually.MatchesAsync(
            async () => (await system.System.Dataverse.RowsAsync(EmulatorClient.Accounts, filter, "accountid")).Count + (await system.System.Dataverse.RowsAsync(EmulatorClient.Contacts, filter, "contactid")).Count,
            rows => rows == CrmSourcesSystem.Records,
            $"{CrmSourcesSystem.Records} rows of {source}",
            TimeSpan.FromMinutes(2));

        output.WriteLine($"{source}: {CrmSourcesSystem.Records:N0} records in Dataverse after {clock.Elapsed.TotalSeconds:0.0} s; {SyncClient.Describe(accounts)}; {SyncClient.Describe(contacts)}");
        Assert.Equal((CrmSourcesSystem.Accounts, CrmSourcesSystem.Contacts), (accounts.Read, contacts.Read));
        var account = (await system.System.Dataverse.RowAsync(EmulatorClient.Accounts, firstAccount))!;
        Assert.Equal(link, (string?)account["msdyn_source_crm_url"]);
        var orphans = await system.System.Dataverse.RowsAsync(EmulatorClient.Contacts, $"{filter} and _parentcustomerid_value eq null", "contactid");
        Assert.InRange(orphans.Count, 1, CrmSourcesSystem.Contacts / 4);
    }
}
