namespace CrmSync.EndToEnd.Tests.Dynamics365;

/// <summary>A Dynamics 365 source from settings alone, through the real processes: its initial sync, then its webhooks.</summary>
[Collection(Dynamics365Collection.Name)]
public sealed class Dynamics365WebhookTests
{
    private readonly Dynamics365System dynamics;
    private readonly ITestOutputHelper output;

    public Dynamics365WebhookTests(Dynamics365System dynamics, ITestOutputHelper output)
    {
        this.dynamics = dynamics;
        this.output = output;
        dynamics.System.ShowOutputIn(output);
    }

    private SourceOrganisation Organisation => dynamics.Organisation;

    private EmulatorClient Target => dynamics.System.Dataverse;

    [Fact]
    public void TheInitialSyncImportsEveryAccountAndContactOnceWithItsSourceAndDeepLink()
    {
        var (accounts, contacts) = dynamics.ImportedRows;
        output.WriteLine($"{Dynamics365System.Records} records seeded in {dynamics.SeedTime.TotalSeconds:0.0} s, imported and written in {dynamics.SyncTime.TotalSeconds:0.0} s; "
            + $"{SyncClient.Describe(dynamics.AccountsJob)}; {SyncClient.Describe(dynamics.ContactsJob)}");

        Assert.Equal(dynamics.Accounts, accounts.Count);
        Assert.Equal(dynamics.Contacts, contacts.Count);
        Assert.All(Enumerable.Range(1, dynamics.Accounts), i =>
        {
            var id = SourceOrganisation.AccountId(i);
            var row = accounts[$"{id}"];
            Assert.Equal(($"Account {i}", $"AC-{i:D6}", Dynamics365System.SourceCrmValue), ((string?)row["name"], (string?)row["accountnumber"], (int)row["msdyn_source_crm"]!));
            Assert.Equal(Organisation.DeepLink("account", id), (string?)row["msdyn_source_crm_url"]);
        });
        Assert.All(Enumerable.Range(1, dynamics.Contacts), i =>
        {
            var id = SourceOrganisation.ContactId(i);
            var row = contacts[$"{id}"];
            var account = SourceOrganisation.AccountOf(i, dynamics.Accounts);
            Assert.Equal(($"Last {i}", Dynamics365System.SourceCrmValue), ((string?)row["lastname"], (int)row["msdyn_source_crm"]!));
            Assert.Equal(account is { } a ? (string?)accounts[$"{SourceOrganisation.AccountId(a)}"]["accountid"] : null, (string?)row["_parentcustomerid_value"]);
            Assert.Equal(Organisation.DeepLink("contact", id), (string?)row["msdyn_source_crm_url"]);
        });
        Assert.Contains(Enumerable.Range(1, dynamics.Contacts), i => SourceOrganisation.AccountOf(i, dynamics.Accounts) is null);
    }

    [Fact]
    public async Task TheWebhooksTheSourcePostsBringCreatesAndUpdates()
    {
        dynamics.Relay.Mode = RelayMode.Forward;
        var account = SourceOrganisation.AccountId(11);
        var contact = SourceOrganisation.ContactId(12);

        await Organisation.UpdateAsync("accounts", account, new { name = "Renamed by webhook", telephone1 = "+44 20 7946 0011" });
        await Organisation.UpdateAsync("contacts", contact, new Dictionary<string, object> { ["lastname"] = "Moved", ["parentcustomerid_account@odata.bind"] = $"/accounts({SourceOrganisation.AccountId(13)})" });
        var created = await Organisation.CreateAsync("contacts", new { firstname = "Newly", lastname = "Created" });

        await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{account}", row => (string?)row["name"] == "Renamed by webhook" && (string?)row["telephone1"] == "+44 20 7946 0011", "renamed");
        var parent = dynamics.ImportedRows.Accounts[$"{SourceOrganisation.AccountId(13)}"];
        await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{contact}", row => (string?)row["lastname"] == "Moved" && (string?)row["_parentcustomerid_value"] == (string?)parent["accountid"], "moved to account 13");
        var row = await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{created}");
        Assert.Equal(("Newly", null, Organisation.DeepLink("contact", created)), ((string?)row["firstname"], (string?)row["_parentcustomerid_value"], (string?)row["msdyn_source_crm_url"]));
    }

    [Fact]
    public async Task ShuffledAndDuplicatedNotificationsConvergeOnTheNewestVersion()
    {
        dynamics.Relay.Mode = RelayMode.Hold;
        var records = Enumerable.Range(41, 30).ToList();
        foreach (var i in records)
        {
            await Organisation.UpdateAsync("accounts", SourceOrganisation.AccountId(i), new { name = $"Account {i}a", telephone1 = $"+1 555 9{i:D5}" });
            await Organisation.UpdateAsync("accounts", SourceOrganisation.AccountId(i), new { name = $"Account {i}b" });
            await Organisation.UpdateAsync("contacts", SourceOrganisation.ContactId(i), new { lastname = $"Last {i}a" });
            await Organisation.UpdateAsync("contacts", SourceOrganisation.ContactId(i), new { firstname = $"First {i}b" });
        }

        var ids = records.SelectMany(i => new[] { SourceOrganisation.AccountId(i), SourceOrganisation.ContactId(i) }).ToArray();
        var held = await dynamics.Relay.TakeHeldAsync(4 * records.Count, ids);
        dynamics.Relay.Mode = RelayMode.Forward;
        var replay = held.Concat(held).OrderBy(_ => Random.Shared.Next()).ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var batch in replay.Chunk(8))
        {
            statuses.AddRange(await Task.WhenAll(batch.Select(dynamics.Relay.SendAsync)));
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NoContent, status));
        foreach (var i in records)
        {
            await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{SourceOrganisation.AccountId(i)}", row => (string?)row["name"] == $"Account {i}b" && (string?)row["telephone1"] == $"+1 555 9{i:D5}", "with the second name and the first's phone");
            await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{SourceOrganisation.ContactId(i)}", row => (string?)row["lastname"] == $"Last {i}a" && (string?)row["firstname"] == $"First {i}b", "with both changes");
        }

        await Target.WaitUntilWritesSettleAsync();
        var settled = await Target.RowAsync(EmulatorClient.Accounts, $"{SourceOrganisation.AccountId(records[0])}");
        Assert.Equal($"Account {records[0]}b", (string?)settled!["name"]);
    }

    [Fact]
    public async Task DeletionsInTheSourceRemoveTheRows()
    {
        dynamics.Relay.Mode = RelayMode.Forward;
        var account = await Organisation.CreateAsync("accounts", new { name = "Short-lived" });
        await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{account}");
        var contact = SourceOrganisation.ContactId(3);

        await Organisation.DeleteAsync("accounts", account);
        await Organisation.DeleteAsync("contacts", contact);

        await Target.WaitForNoRowAsync(EmulatorClient.Accounts, $"{account}");
        await Target.WaitForNoRowAsync(EmulatorClient.Contacts, $"{contact}");
    }

    [Fact]
    public async Task AContactThatArrivesBeforeItsAccountWaitsForItAndIsBoundToIt()
    {
        dynamics.Relay.Mode = RelayMode.Hold;
        var account = await Organisation.CreateAsync("accounts", new { name = "Arrives late" });
        var contact = await Organisation.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Arrives early", ["parentcustomerid_account@odata.bind"] = $"/accounts({account})" });
        var held = await dynamics.Relay.TakeHeldAsync(2, account, contact);
        dynamics.Relay.Mode = RelayMode.Forward;

        Assert.Equal(HttpStatusCode.NoContent, await dynamics.Relay.SendAsync(held.Single(n => n.Concerns(contact))));
        await Target.WaitUntilWritesSettleAsync();
        Assert.Null(await Target.RowAsync(EmulatorClient.Contacts, $"{contact}"));
        Assert.Equal(HttpStatusCode.NoContent, await dynamics.Relay.SendAsync(held.Single(n => n.Concerns(account))));

        var row = await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{account}");
        await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{contact}", contactRow => (string?)contactRow["_parentcustomerid_value"] == (string?)row["accountid"], "bound to its account");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(500)]
    public async Task AReadBackWaitsOutThrottlingAndServerErrors(int status)
    {
        dynamics.Relay.Mode = RelayMode.Hold;
        var account = await Organisation.CreateAsync("accounts", new { name = $"Read back through {status}" });
        var notification = (await dynamics.Relay.TakeHeldAsync(1, account)).Single().SizeExceeded();
        dynamics.Relay.Mode = RelayMode.Forward;
        var before = await Organisation.Emulator.StatsAsync();
        await using var fault = await SourceFault.InjectAsync(Organisation, status);

        Assert.Equal(HttpStatusCode.NoContent, await dynamics.Relay.SendAsync(notification));

        var row = await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{account}");
        Assert.Equal($"Read back through {status}", (string?)row["name"]);
        if (status == 429)
        {
            Assert.True((await Organisation.Emulator.StatsAsync()).Throttled > before.Throttled, "The source throttled no read-back.");
        }
    }
}
