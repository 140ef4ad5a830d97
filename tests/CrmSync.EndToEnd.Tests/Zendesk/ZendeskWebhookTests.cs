namespace CrmSync.EndToEnd.Tests.Zendesk;

public sealed class ZendeskSystem : CrmSourceSystem
{
    public const string Source = "zd";
    public const string Secret = "zendesk-signing-secret-e2e";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(CrmSourceSystem.Zendesk(Source, Secret).Concat(ZendeskAgent.SimulatorAuth))
    {
        ["Simulator__Accounts"] = "200",
        ["Simulator__Contacts"] = "400",
    };
}

/// <summary>Zendesk's event webhooks through the real gateway, silo and Dataverse emulator, read back from the simulator's API.</summary>
public sealed class ZendeskWebhookTests : IClassFixture<ZendeskSystem>
{
    private const string Source = ZendeskSystem.Source;
    private static readonly object Signing = new { secret = ZendeskSystem.Secret };
    private readonly ZendeskSystem system;
    private readonly ITestOutputHelper output;

    public ZendeskWebhookTests(ZendeskSystem system, ITestOutputHelper output)
    {
        this.system = system;
        this.output = output;
        system.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => system.System.Dataverse;

    [Fact]
    public async Task ShuffledAndDuplicatedEventsEndWithEveryContactAtTheCrmsNewestStateWithZendesksValueAndLink()
    {
        // The contacts belong to one organization, sent first: a contact waits in the silo until its account is in Dataverse.
        await system.Crm.EditAsync("zendesk", Source, send: true, Signing, new { entity = "account", id = "A0000001", action = "change", fields = new { name = "Everyone's Ltd" } });
        var edits = Enumerable.Range(1, 3).SelectMany(version => Enumerable.Range(10, 40).Select(i =>
            (object)new { entity = "contact", id = $"C{i:D7}", action = "change", fields = new { lastName = $"Roe{i} v{version}", accountId = "A0000001" } })).ToArray();
        var deliveries = await system.Crm.EditAsync("zendesk", Source, send: false, Signing, edits);
        var shuffled = deliveries.Concat(deliveries).OrderBy(_ => Random.Shared.Next()).ToList();

        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (delivery, _) => await system.Crm.DeliverAsync(Source, delivery));

        foreach (var i in Enumerable.Range(10, 40))
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, $"{370_000_000 + i}", row => ((string?)row["lastname"])?.EndsWith($"Roe{i} v3") == true, "to hold the newest name");
        }

        var row = (await Dataverse.RowAsync(EmulatorClient.Contacts, "370000010"))!;
        Assert.Equal(3, row["msdyn_source_crm"]!.GetValue<int>());
        Assert.Equal("https://acme.zendesk.com/agent/users/370000010", (string?)row["msdyn_source_crm_url"]);
        output.WriteLine($"{shuffled.Count} deliveries of {deliveries.Count} events; simulator: {await system.Crm.StatsAsync()}");
    }

    [Fact]
    public async Task DeletedEventsRemoveTheOrganizationsAndUsersRows()
    {
        await system.Crm.EditAsync("zendesk", Source, send: true, Signing,
            new { entity = "account", id = "A0000120", action = "change", fields = new { name = "Soon gone" } },
            new { entity = "contact", id = "C0000120", action = "change", fields = new { lastName = "Soon gone", accountId = "A0000120" } });
        await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "360000120");
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "370000120");

        var deletes = await system.Crm.EditAsync("zendesk", Source, send: true, Signing,
            new { entity = "contact", id = "C0000120", action = "delete" },
            new { entity = "account", id = "A0000120", action = "delete" });

        Assert.All(deletes, d => Assert.Equal(200, d.Status));
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Contacts, "370000120");
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, "360000120");
    }

    [Fact]
    public async Task AUserWhoseOrganizationArrivesLaterIsBoundToItOnceItDoes()
    {
        var contact = await system.Crm.EditAsync("zendesk", Source, send: true, Signing,
            new { entity = "contact", id = "C0000150", action = "change", fields = new { accountId = "A0000150" } });
        Assert.Equal(200, Assert.Single(contact).Status);
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Accounts, "360000150"));

        await system.Crm.EditAsync("zendesk", Source, send: true, Signing, new { entity = "account", id = "A0000150", action = "change", fields = new { name = "Late Ltd" } });

        var account = await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "360000150");
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "370000150", row => (string?)row["_parentcustomerid_value"] == (string?)account["accountid"], "to be bound to its organization's account");
    }

    [Fact]
    public async Task LeavingTheOrganizationClearsTheContactsParent()
    {
        await system.Crm.EditAsync("zendesk", Source, send: true, Signing,
            new { entity = "account", id = "A0000160", action = "change", fields = new { name = "Left Ltd" } },
            new { entity = "contact", id = "C0000160", action = "change", fields = new { accountId = "A0000160" } });
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "370000160", row => row["_parentcustomerid_value"] is not null, "to be bound");

        await system.Crm.EditAsync("zendesk", Source, send: true, Signing, new { entity = "contact", id = "C0000160", action = "change", fields = new Dictionary<string, string?> { ["accountId"] = null } });

        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "370000160", row => row["_parentcustomerid_value"] is null, "to have no parent");
    }

    [Theory]
    [InlineData(429, 1)]
    [InlineData(500, null)]
    [InlineData(503, null)]
    public async Task ReadBackSucceedsThroughThrottlingAndServerErrors(int status, int? retryAfterSeconds)
    {
        var index = 170 + status % 100;
        var before = await system.Crm.StatsAsync();
        await system.Crm.FaultsAsync(new { status, count = 2, retryAfterSeconds });

        var sent = await system.Crm.EditAsync("zendesk", Source, send: true, Signing,
            new { entity = "contact", id = $"C{index:D7}", action = "change", fields = new Dictionary<string, string?> { ["lastName"] = $"Faulty {status}", ["accountId"] = null } });

        Assert.Equal(200, Assert.Single(sent).Status);
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, $"{370_000_000 + index}", row => ((string?)row["lastname"])?.EndsWith($"Faulty {status}") == true, "to hold the name read back");
        var after = await system.Crm.StatsAsync();
        Assert.Equal(2, (long)after[status == 429 ? "throttled" : "failed"]! - (long)before[status == 429 ? "throttled" : "failed"]!);
    }

    [Fact]
    public async Task ARequestWithAWrongSignatureIsRefusedAndStoresNothing()
    {
        var forged = await system.Crm.EditAsync("zendesk", Source, send: false, new { secret = "not-the-signing-secret" },
            new { entity = "contact", id = "C0000190", action = "change", fields = new { lastName = "Forged" } });

        Assert.Equal(HttpStatusCode.Unauthorized, await system.Crm.SendAsync(Source, forged[0]));
        await Task.Delay(1000);
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Contacts, "370000190"));
    }
}
