using System.Diagnostics;
using CrmSync.Cli.Gateway;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;
using CrmSync.Testing.Salesforce;

namespace CrmSync.EndToEnd.Tests.Salesforce;

/// <summary>
/// One system with the CRM simulator and a Salesforce source <c>sf</c> reading it, set from settings alone; its
/// initial sync of 10,000 records runs once, before the tests, which then follow the org's webhooks.
/// </summary>
public sealed class SalesforceSystemFixture : IAsyncLifetime
{
    public const string Source = "sf";
    public const int Accounts = 4_000;
    public const int Contacts = 6_000;

    public CrmSyncSystem System { get; private set; } = null!;

    public SalesforceOrg Org { get; private set; } = null!;

    public SyncJobView AccountSync { get; private set; } = null!;

    public SyncJobView ContactSync { get; private set; } = null!;

    public TimeSpan SyncTime { get; private set; }

    public async Task InitializeAsync()
    {
        const string prefix = $"CrmSync__Sources__{Source}__";
        System = await CrmSyncSystem.StartAsync(
            new Dictionary<string, string>
            {
                ["Simulator__Accounts"] = $"{Accounts}",
                ["Simulator__Contacts"] = $"{Contacts}",
                [$"{prefix}Kind"] = "Salesforce",
                [$"{prefix}ClientId"] = "crmsync-client",
                [$"{prefix}ClientSecret"] = "crmsync-secret",
                [$"{prefix}Secret"] = SalesforceSamples.ApexSecret,
                [$"{prefix}OrganizationId"] = SalesforceSamples.OrganizationId,
            },
            demo: true,
            crmSettings: crm => new Dictionary<string, string> { [$"{prefix}InstanceUrl"] = crm.ToString() });
        Org = new SalesforceOrg(System.CrmUrl, System.GatewayUrl, Source, SalesforceSamples.ApexSecret);
        using var sync = new SyncClient(System.GatewayUrl);
        var clock = Stopwatch.StartNew();
        AccountSync = await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        ContactSync = await sync.WaitForStateAsync((await sync.StartAsync(Source, "contact")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        SyncTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        Org?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
