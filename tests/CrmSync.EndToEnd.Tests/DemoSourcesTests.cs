using CrmSync.Hosting;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;

namespace CrmSync.EndToEnd.Tests;

/// <summary>
/// The simulator-backed sources <c>--demo</c> configures, with the AppHost's own settings (SourceSettings) on the CRM
/// simulator as <c>--demo</c> starts it; the Dynamics 365 one needs a second Dataverse and is Dynamics365System's.
/// </summary>
public sealed class DemoSourcesSystem : CrmSourceSystem
{
    public const int Accounts = 60;
    public const int Contacts = 120;
    private const string Secret = "whsec_ZGVtby1zb3VyY2VzLWUyZS1zZWNyZXQtdmFsdWU=";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(DemoSource.CrmSources(CrmUrl, Secret))
    {
        ["Simulator__Accounts"] = $"{Accounts}",
        ["Simulator__Contacts"] = $"{Contacts}",
    };
}

public sealed class DemoSourcesTests : IClassFixture<DemoSourcesSystem>
{
    private readonly DemoSourcesSystem demo;

    public DemoSourcesTests(DemoSourcesSystem demo, ITestOutputHelper output)
    {
        this.demo = demo;
        demo.System.ShowOutputIn(output);
    }

    [Theory]
    [InlineData(SourceSettings.DemoServiceNowSource)]
    [InlineData(SourceSettings.DemoSalesforceSource)]
    [InlineData(SourceSettings.DemoZendeskSource)]
    [InlineData(SourceSettings.DemoHubSpotSource)]
    [InlineData(SourceSettings.DemoPipedriveSource)]
    public async Task EachDemoSourceImportsTheSimulatorsRecordsFromTheAppHostsSettingsAlone(string source)
    {
        using var sync = new SyncClient(demo.System.GatewayUrl);

        var accounts = await sync.WaitForStateAsync((await sync.StartAsync(source, Entities.Account)).Id, SyncJobState.Completed, TimeSpan.FromMinutes(2));
        var contacts = await sync.WaitForStateAsync((await sync.StartAsync(source, Entities.Contact)).Id, SyncJobState.Completed, TimeSpan.FromMinutes(2));

        Assert.Equal(((long)DemoSourcesSystem.Accounts, 0L), (accounts.Read, accounts.Parked));
        Assert.Equal(((long)DemoSourcesSystem.Contacts, 0L), (contacts.Read, contacts.Parked));
    }
}
