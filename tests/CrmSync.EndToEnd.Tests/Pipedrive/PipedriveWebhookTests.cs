namespace CrmSync.EndToEnd.Tests.Pipedrive;

public sealed class PipedriveSystem : CrmSourceSystem
{
    public const string Source = "pd";
    public const string Username = "crmsync";
    public const string Password = "pipedrive-webhook-password";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(CrmSourceSystem.Pipedrive(Source, Username, Password).Concat(PipedriveUser.SimulatorAuth))
    {
        ["Simulator__Accounts"] = "200",
        ["Simulator__Contacts"] = "400",
    };
}

/// <summary>Pipedrive's webhooks v2 through the real gateway, silo and Dataverse emulator.</summary>
public sealed class PipedriveWebhookTests : IClassFixture<PipedriveSystem>
{
    private const string Source = PipedriveSystem.Source;
    private static readonly object Iso = new { username = PipedriveSystem.Username, password = PipedriveSystem.Password, timestampForm = "iso" };
    private static readonly object Unix = new { username = PipedriveSystem.Username, password = PipedriveSystem.Password, timestampForm = "unix" };
    private readonly PipedriveSystem system;

    public PipedriveWebhookTests(PipedriveSystem system, ITestOutputHelper output)
    {
        this.system = system;
        system.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => system.System.Dataverse;

    [Fact]
    public async Task ShuffledAndDuplicatedNotificationsEndWithEveryPersonAtItsNewestStateWithPipedrivesValueAndLink()
    {
        await system.Crm.EditAsync("pipedrive", Source, send: true, Iso, new { entity = "account", id = "A0000001", action = "change", fields = new { name = "Everyone's Ltd" } });
        var edits = Enumerable.Range(1, 3).SelectMany(version => Enumerable.Range(10, 40).Select(i =>
            (object)new { entity = "contact", id = $"C{i:D7}", action = "change", fields = new { lastName = $"Roe{i} v{version}", accountId = "A0000001" } })).ToArray();
        var deliveries = (await system.Crm.EditAsync("pipedrive", Source, send: false, Iso, edits[..60])).Concat(await system.Crm.EditAsync("pipedrive", Source, send: false, Unix, edits[60..])).ToList();
        var shuffled = deliveries.Concat(deliveries).OrderBy(_ => Random.Shared.Next()).ToList();

        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (delivery, _) => await system.Crm.DeliverAsync(Source, delivery));

        foreach (var i in Enumerable.Range(10, 40))
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, $"{i}", row => (string?)row["lastname"] == $"Roe{i} v3", "to hold the newest name");
        }

        var row = (await Dataverse.RowAsync(EmulatorClient.Contacts, "10"))!;
        Assert.Equal(192350003, row["msdyn_source_crm"]!.GetValue<int>());
        Assert.Equal("https://acme.pipedrive.com/person/10", (string?)row["msdyn_source_crm_url"]);
    }

    [Fact]
    public async Task ADeleteAndAMergeRemoveTheMergedRowAndKeepTheSurvivor()
    {
        await system.Crm.EditAsync("pipedrive", Source, send: true, Iso,
            new { entity = "account", id = "A0000120", action = "change", fields = new { name = "Soon gone" } },
            new { entity = "contact", id = "C0000121", action = "change", fields = new Dictionary<string, string?> { ["lastName"] = "Merged", ["accountId"] = null } },
            new { entity = "contact", id = "C0000122", action = "change", fields = new Dictionary<string, string?> { ["lastName"] = "Survivor", ["accountId"] = null } });
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "121");

        var sent = await system.Crm.EditAsync("pipedrive", Source, send: true, Unix,
            new { entity = "account", id = "A0000120", action = "delete" },
            new { entity = "contact", id = "C0000121", action = "merge", into = "C0000122" });

        Assert.All(sent, d => Assert.Equal(200, d.Status));
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, "120");
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Contacts, "121");
        Assert.Equal("Survivor", (string?)(await Dataverse.RowAsync(EmulatorClient.Contacts, "122"))!["lastname"]);
    }

    [Fact]
    public async Task APersonWhoseOrganizationArrivesLaterIsBoundToItOnceItDoes()
    {
        var person = await system.Crm.EditAsync("pipedrive", Source, send: true, Iso,
            new { entity = "contact", id = "C0000150", action = "change", fields = new { accountId = "A0000150" } });
        Assert.Equal(200, Assert.Single(person).Status);
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Accounts, "150"));

        await system.Crm.EditAsync("pipedrive", Source, send: true, Iso, new { entity = "account", id = "A0000150", action = "change", fields = new { name = "Late Ltd" } });

        var account = await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "150");
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "150", row => (string?)row["_parentcustomerid_value"] == (string?)account["accountid"], "to be bound to its organization's account");
    }

    [Fact]
    public async Task ANotificationWithoutTheWebhooksCredentialsIsRefusedAndStoresNothing()
    {
        var forged = await system.Crm.EditAsync("pipedrive", Source, send: false, new { username = PipedriveSystem.Username, password = "guess" },
            new { entity = "contact", id = "C0000190", action = "change", fields = new Dictionary<string, string?> { ["lastName"] = "Forged", ["accountId"] = null } });

        Assert.Equal(HttpStatusCode.Unauthorized, await system.Crm.SendAsync(Source, forged[0]));
        await Task.Delay(1000);
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Contacts, "190"));
    }
}
