namespace CrmSync.EndToEnd.Tests.Zendesk;

/// <summary>A Zendesk source polled every 2 s with 2 s of overlap, whose webhooks are never sent.</summary>
public sealed class ZendeskPollSystem : CrmSourceSystem
{
    public const string Source = "polled-zendesk";
    public const string Secret = "zendesk-signing-secret-e2e";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(CrmSourceSystem.Zendesk(Source, Secret).Concat(ZendeskAgent.SimulatorAuth))
    {
        ["Simulator__Accounts"] = "50",
        ["Simulator__Contacts"] = "50",
        [$"CrmSync__Sources__{Source}__Poll__Interval"] = $"{Interval}",
        [$"CrmSync__Sources__{Source}__Poll__Overlap"] = $"{Overlap}",
    };
}

/// <summary>
/// Issue 13 for Zendesk: with its webhooks off, changes and deletions made in the CRM reach Dataverse through the
/// incremental export within one interval plus overlap (and the time to write). No initial sync, so only changed
/// records are rows.
/// </summary>
public sealed class ZendeskPollTests : IClassFixture<ZendeskPollSystem>
{
    private const string Source = ZendeskPollSystem.Source;
    private static readonly object Signing = new { secret = ZendeskPollSystem.Secret };
    /// <summary>The write's own time: a batch's short wait, the request, and a machine shared with other builds.</summary>
    private static readonly TimeSpan WriteAllowance = TimeSpan.FromSeconds(6);
    private readonly ZendeskPollSystem system;

    public ZendeskPollTests(ZendeskPollSystem system, ITestOutputHelper output)
    {
        this.system = system;
        system.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => system.System.Dataverse;

    [Fact]
    public async Task WithWebhooksOffChangesAndDeletionsFromTheIncrementalExportReachDataverseWithinOneIntervalPlusOverlap()
    {
        using var polls = new SourcePolls(system.System.GatewayUrl, Source);
        await polls.WaitForRoundsAsync(Entities.Account, 1);
        var limit = ZendeskPollSystem.Interval + ZendeskPollSystem.Overlap + WriteAllowance;

        await system.Crm.EditAsync("zendesk", Source, send: false, Signing,
            new { entity = "account", id = "A0000011", action = "change", fields = new { name = "Renamed by a poll" } },
            new { entity = "account", id = "A0000013", action = "change", fields = new { name = "To be deleted" } },
            new { entity = "contact", id = "C0000012", action = "change", fields = new { lastName = "Polled", accountId = "A0000011" } });
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "360000011", row => (string?)row["name"] == "Renamed by a poll", "renamed", limit);
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "360000013", row => (string?)row["name"] == "To be deleted", "renamed", limit);
        var contact = await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "370000012", row => ((string?)row["lastname"])?.EndsWith("Polled") == true, "renamed", limit);
        await system.Crm.EditAsync("zendesk", Source, send: false, Signing,
            new { entity = "account", id = "A0000013", action = "delete" });
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, "360000013", limit);

        var account = (await Dataverse.RowAsync(EmulatorClient.Accounts, "360000011"))!;
        Assert.Equal((string?)account["accountid"], (string?)contact["_parentcustomerid_value"]);
        var all = await polls.ListAsync();
        Assert.All(all, poll => Assert.Equal((true, (string?)null), (poll.Scheduled, poll.Error)));
        Assert.True(all.Single(poll => poll.Entity == Entities.Account).Deletes >= 1, $"{all[0]}");
    }
}
