namespace CrmSync.EndToEnd.Tests.HubSpot;

/// <summary>A HubSpot source from settings alone, through the real processes: import, then its webhooks.</summary>
[Collection(HubSpotCollection.Name)]
public sealed class HubSpotTests : IDisposable
{
    private readonly HubSpotSystem hubSpot;
    private readonly HubSpotWebhooks webhooks;
    private readonly ITestOutputHelper output;

    public HubSpotTests(HubSpotSystem hubSpot, ITestOutputHelper output)
    {
        this.hubSpot = hubSpot;
        this.output = output;
        webhooks = new HubSpotWebhooks(hubSpot);
        hubSpot.System.ShowOutputIn(output);
    }

    [Fact]
    public void TheInitialSyncImportsEveryCompanyAndContactOnceBoundToItsPrimaryCompany()
    {
        var (accounts, contacts) = hubSpot.ImportedRows;
        var (companies, people) = hubSpot.ImportedRecords;
        output.WriteLine($"{HubSpotSystem.Records} records imported and written in {hubSpot.SyncTime.TotalSeconds:0.0} s; {SyncClient.Describe(hubSpot.CompaniesJob)}; {SyncClient.Describe(hubSpot.ContactsJob)}");

        Assert.Equal(hubSpot.Companies, accounts.Count);
        Assert.Equal(hubSpot.Contacts, contacts.Count);
        Assert.All(companies, company => Assert.Equal((string?)company["properties"]!["name"], (string?)accounts[(string)company["id"]!]["name"]));
        Assert.All(people, person =>
        {
            var row = contacts[(string)person["id"]!];
            var company = (string?)person["properties"]!["associatedcompanyid"];
            Assert.Equal((string?)person["properties"]!["lastname"], (string?)row["lastname"]);
            Assert.Equal(company is null ? null : (string?)accounts[company]["accountid"], (string?)row["_parentcustomerid_value"]);
            Assert.Equal($"https://app.hubspot.com/contacts/{HubSpotSystem.PortalId}/record/0-1/{person["id"]}", (string?)row["msdyn_source_crm_url"]);
        });
    }

    [Fact]
    public async Task ShuffledAndDuplicatedWebhooksConvergeOnTheRecordsAsHubSpotHasThem()
    {
        var changes = Enumerable.Range(1, 60).SelectMany(i => new object[]
        {
            new { entity = "contact", id = $"{i}", properties = new Dictionary<string, string> { ["firstname"] = $"First {i}a", ["lastname"] = $"Last {i}a" } },
            new { entity = "contact", id = $"{i}", properties = new Dictionary<string, string> { ["lastname"] = $"Last {i}b" } },
            new { entity = "company", id = $"{i}", properties = new Dictionary<string, string> { ["name"] = $"Company {i}a" } },
            new { entity = "company", id = $"{i}", properties = new Dictionary<string, string> { ["name"] = $"Company {i}b", ["phone"] = $"+1 555 {i:D4}" } },
        }).ToArray();

        var sent = await hubSpot.ChangeAsync(changes, shuffle: true, duplicate: true, batchSize: 40);

        Assert.All(sent["statuses"]!.AsArray(), status => Assert.Equal(204, (int)status!));
        for (var i = 1; i <= 60; i++)
        {
            await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, $"{i}", row => (string?)row["firstname"] == $"First {i}a" && (string?)row["lastname"] == $"Last {i}b"
                && (string?)row["msdyn_source_crm_url"] is not null, "with the newest first and last name");
            await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, $"{i}", row => (string?)row["name"] == $"Company {i}b" && (string?)row["telephone1"] == $"+1 555 {i:D4}", "with the newest name and phone");
        }
    }

    [Fact]
    public async Task DeletionsRemoveTheRows()
    {
        await hubSpot.ChangeAsync([new { entity = "contact", id = "201", delete = true }, new { entity = "company", id = "201", delete = true }]);

        await hubSpot.System.Dataverse.WaitForNoRowAsync(EmulatorClient.Contacts, "201");
        await hubSpot.System.Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, "201");
    }

    [Fact]
    public async Task AContactThatArrivesBeforeItsCompanyIsBoundWhenTheCompanyArrives()
    {
        var at = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.NoContent, await webhooks.SendAsync(
            HubSpotWebhooks.PropertyChange("contact", 900001, at, "lastname", "Early"),
            HubSpotWebhooks.PropertyChange("contact", 900001, at, "associatedcompanyid", "900002")));
        await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "900001");
        Assert.Equal(HttpStatusCode.NoContent, await webhooks.SendAsync(HubSpotWebhooks.PropertyChange("company", 900002, at, "name", "Late Company")));

        var company = await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, "900002");
        await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "900001", row => (string?)row["_parentcustomerid_value"] == (string?)company["accountid"], "bound to its company");
    }

    [Theory]
    [InlineData(429, "301", "5")]
    [InlineData(503, "302", "6")]
    [InlineData(500, "303", "7")]
    public async Task AReadBackWaitsOutThrottlingAndServerErrors(int status, string contact, string company)
    {
        await hubSpot.FaultAsync(status, 2);

        var sent = await hubSpot.ChangeAsync([new { entity = "contact", id = contact, properties = new Dictionary<string, string> { ["associatedcompanyid"] = company } }]);

        Assert.Equal(204, (int)sent["statuses"]![0]!);
        var account = await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, company);
        await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, contact, row => (string?)row["_parentcustomerid_value"] == (string?)account["accountid"], $"bound to company {company}");
    }

    [Fact]
    public async Task PropertyChangesMergeFieldByFieldWhateverOrderTheyArriveIn()
    {
        var imported = hubSpot.ImportedRows.Contacts["401"];
        var at = DateTimeOffset.UtcNow;
        string[] newestFirst =
        [
            HubSpotWebhooks.PropertyChange("contact", 401, at.AddSeconds(3), "firstname", "Third"),
            HubSpotWebhooks.PropertyChange("contact", 401, at.AddSeconds(2), "lastname", "Second"),
            HubSpotWebhooks.PropertyChange("contact", 401, at.AddSeconds(1), "lastname", "First"),
            HubSpotWebhooks.PropertyChange("contact", 401, at.AddSeconds(1), "firstname", "First"),
        ];

        foreach (var change in newestFirst)
        {
            Assert.Equal(HttpStatusCode.NoContent, await webhooks.SendAsync(change));
        }

        var row = await hubSpot.System.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, "401", row => (string?)row["firstname"] == "Third" && (string?)row["lastname"] == "Second", "Third Second");
        await hubSpot.System.Dataverse.WaitUntilWritesSettleAsync();
        row = (await hubSpot.System.Dataverse.RowAsync(EmulatorClient.Contacts, "401"))!;
        Assert.Equal(("Third", "Second"), ((string?)row["firstname"], (string?)row["lastname"]));
        Assert.Equal((string?)imported["emailaddress1"], (string?)row["emailaddress1"]);
    }

    public void Dispose() => webhooks.Dispose();
}
