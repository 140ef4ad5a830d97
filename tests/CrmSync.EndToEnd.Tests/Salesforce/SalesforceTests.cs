using System.Diagnostics;
using System.Net.Http.Json;

namespace CrmSync.EndToEnd.Tests.Salesforce;

/// <summary>
/// A Salesforce source through the real processes, from settings alone: the initial sync, then the org's webhooks in
/// both families. Each test works on its own range of records, so their order does not matter.
/// </summary>
public sealed class SalesforceTests : IClassFixture<SalesforceSystemFixture>
{
    private const int SalesforceOption = 192350000;
    private static readonly TimeSpan Landing = TimeSpan.FromMinutes(2);

    private readonly SalesforceSystemFixture fixture;
    private readonly ITestOutputHelper output;

    public SalesforceTests(SalesforceSystemFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
        fixture.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => fixture.System.Dataverse;

    private SalesforceOrg Org => fixture.Org;

    [Fact]
    public async Task TheInitialSyncLandsTenThousandRecordsWithTheirSourceColumnsAndAccounts()
    {
        var accountRows = await Eventually.MatchesAsync(
            () => Dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Accounts, "001Dn"), rows => rows.Count >= SalesforceSystemFixture.Accounts - 10, "the accounts written", Landing);
        var contactRows = await Eventually.MatchesAsync(
            () => Dataverse.RowsWithSourceIdPrefixAsync(EmulatorClient.Contacts, "003Dn"), rows => rows.Count >= SalesforceSystemFixture.Contacts - 10, "the contacts written", Landing);
        var accountsById = accountRows.ToDictionary(row => (string)row["msdyn_source_crm_id"]!);
        var contactsById = contactRows.ToDictionary(row => (string)row["msdyn_source_crm_id"]!);
        output.WriteLine($"Initial sync: {SyncClient.Describe(fixture.AccountSync)}; {SyncClient.Describe(fixture.ContactSync)}; {fixture.SyncTime.TotalSeconds:0.0} s");

        Assert.Equal((SalesforceSystemFixture.Accounts, SalesforceSystemFixture.Accounts), (fixture.AccountSync.Read, fixture.AccountSync.Accepted));
        Assert.Equal((SalesforceSystemFixture.Contacts, SalesforceSystemFixture.Contacts), (fixture.ContactSync.Read, fixture.ContactSync.Accepted));
        Assert.All(Enumerable.Range(1, 2_999), index => Assert.Contains(SalesforceOrg.AccountId(index), accountsById.Keys));
        Assert.All(Enumerable.Range(1, 2_999), index => Assert.Contains(SalesforceOrg.ContactId(index), contactsById.Keys));
        var first = accountsById[SalesforceOrg.AccountId(1)];
        Assert.Equal((string?)(await Org.RecordAsync("account", 1))["name"], (string?)first["name"]);
        Assert.Equal(SalesforceOption, (int)first["msdyn_source_crm"]!);
        Assert.Equal($"{fixture.System.CrmUrl.ToString().TrimEnd('/')}/lightning/r/Account/{SalesforceOrg.AccountId(1)}/view", (string?)first["msdyn_source_crm_url"]);
        var boundContact = Enumerable.Range(1, 50).Select(index => (Index: index, Generic: Org.RecordAsync("contact", index).Result)).First(c => c.Generic["accountId"] is not null);
        var accountIndex = int.Parse(((string)boundContact.Generic["accountId"]!)[1..]);
        Assert.Equal((string?)accountsById[SalesforceOrg.AccountId(accountIndex)]["accountid"], (string?)contactsById[SalesforceOrg.ContactId(boundContact.Index)]["_parentcustomerid_value"]);
    }

    [Fact]
    public async Task WebhooksOfBothFamiliesShuffledAndDuplicatedConvergeToTheNewestState()
    {
        var accounts = Enumerable.Range(3_001, 20).Select(SalesforceOrg.AccountId).ToList();
        var contacts = Enumerable.Range(3_001, 20).Select(SalesforceOrg.ContactId).ToList();
        var messages = new List<OrgMessage>();
        for (var round = 1; round <= 3; round++)
        {
            foreach (var family in new[] { "apex", "outbound" })
            {
                var name = $"{family} {round}";
                messages.AddRange(await Org.ChangeAsync(family,
                    [.. accounts.Select(id => SalesforceOrg.Change("Account", id, "update", new { Name = name })),
                     .. contacts.Select(id => SalesforceOrg.Change("Contact", id, "update", new { LastName = name }))]));
            }
        }

        var deliveries = messages.Concat(messages).OrderBy(_ => Random.Shared.Next()).ToList();
        var answers = await Task.WhenAll(deliveries.Select(Org.SendAsync));

        Assert.All(answers, answer => Assert.True(answer.IsSuccess, answer.ToString()));
        foreach (var id in accounts)
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == "outbound 3", "named 'outbound 3'", Landing);
        }

        foreach (var id in contacts)
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, id, row => (string?)row["lastname"] == "outbound 3", "named 'outbound 3'", Landing);
        }
    }

    [Fact]
    public async Task ADeleteRemovesTheRowAnUndeleteBringsItBackAndAnOldDeleteStaysStale()
    {
        var account = SalesforceOrg.AccountId(3_101);
        var contact = SalesforceOrg.ContactId(3_102);
        var deletes = await Org.ChangeAsync("apex", SalesforceOrg.Change("Account", account, "delete"), SalesforceOrg.Change("Contact", contact, "delete"));
        foreach (var message in deletes)
        {
            Assert.True((await Org.SendAsync(message)).IsSuccess);
        }

        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, account, Landing);
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Contacts, contact, Landing);

        await Org.ChangeAndSendAsync(SalesforceOrg.Change("Account", account, "undelete"), SalesforceOrg.Change("Contact", contact, "undelete"));
        var revived = await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, account, timeout: Landing);
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, contact, timeout: Landing);
        var replayed = await Org.SendAsync(deletes[0]);

        Assert.Equal("stale", replayed.Outcome);
        Assert.Equal((string?)(await Org.RecordAsync("account", 3_101))["name"], (string?)revived["name"]);
        await Dataverse.WaitUntilWritesSettleAsync();
        Assert.NotNull(await Dataverse.RowAsync(EmulatorClient.Accounts, account));
    }

    [Fact]
    public async Task AContactThatArrivesBeforeItsAccountIsBoundWhenTheAccountLands()
    {
        var account = await UnreferencedAccountAsync();
        await Org.ChangeAndSendAsync(SalesforceOrg.Change("Account", account, "delete"));
        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, account, Landing);
        var undelete = await Org.ChangeAsync("apex", SalesforceOrg.Change("Account", account, "undelete"));
        var contact = SalesforceOrg.ContactId(3_301);
        var move = await Org.ChangeAsync("apex", SalesforceOrg.Change("Contact", contact, "update", new { AccountId = account, LastName = "Moved" }));

        Assert.True((await Org.SendAsync(move.Single())).IsSuccess);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.NotEqual("Moved", (string?)(await Dataverse.RowAsync(EmulatorClient.Contacts, contact))?["lastname"]);
        Assert.True((await Org.SendAsync(undelete.Single())).IsSuccess);

        var accountRow = await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, account, timeout: Landing);
        await Dataverse.WaitForRowAsync(EmulatorClient.Contacts, contact,
            row => (string?)row["lastname"] == "Moved" && (string?)row["_parentcustomerid_value"] == (string?)accountRow["accountid"], "moved to the account", Landing);
    }

    [Theory]
    [InlineData(3_401, 429)]
    [InlineData(3_406, 500)]
    public async Task OutboundMessagesAreReadBackThroughThrottlingAndFailures(int first, int status)
    {
        var ids = Enumerable.Range(first, 5).Select(SalesforceOrg.AccountId).ToList();
        var messages = await Org.ChangeAsync("outbound", [.. ids.Select(id => SalesforceOrg.Change("Account", id, "update", new { Name = $"After {status}" }))]);
        await Org.FaultAsync(status == 429 ? new { status, count = 2, retryAfterSeconds = 1 } : new { status, count = 2, retryAfterSeconds = (int?)null });

        var answer = await Org.SendAsync(messages.Single());

        Assert.True(answer.IsSuccess, answer.ToString());
        Assert.Equal("text/xml", answer.MediaType);
        Assert.Contains("<Ack>true</Ack>", answer.Body);
        foreach (var id in ids)
        {
            await Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id, row => (string?)row["name"] == $"After {status}", $"named 'After {status}'", Landing);
        }
    }

    [Fact]
    public async Task AnOutboundMessageForARecordDeletedSinceIsADelete()
    {
        var account = SalesforceOrg.AccountId(3_411);
        var message = (await Org.ChangeAsync("outbound", SalesforceOrg.Change("Account", account, "update"))).Single();
        await Org.ChangeAsync("apex", SalesforceOrg.Change("Account", account, "delete"));

        Assert.True((await Org.SendAsync(message)).IsSuccess);

        await Dataverse.WaitForNoRowAsync(EmulatorClient.Accounts, account, Landing);
    }

    [Fact]
    public async Task ABurstOfTwoThousandOutboundNotificationsCostsFewReadBackQueries()
    {
        var ids = Enumerable.Range(4_001, 2_000).Select(SalesforceOrg.ContactId).ToList();
        var messages = await Org.ChangeAsync("outbound", [.. ids.Select(id => SalesforceOrg.Change("Contact", id, "update", new { LastName = "Burst" }))]);
        var before = await Org.ApiRequestsAsync();
        var clock = Stopwatch.StartNew();

        var answers = await Task.WhenAll(messages.Select(Org.SendAsync));
        var queries = await Org.ApiRequestsAsync() - before;
        output.WriteLine($"{ids.Count} notifications in {messages.Count} messages acknowledged in {clock.Elapsed.TotalSeconds:0.0} s after {queries} read-back queries");

        Assert.All(answers, answer => Assert.True(answer.IsSuccess, answer.ToString()));
        Assert.InRange(queries, 10, 20);
        await Eventually.MatchesAsync(() => Dataverse.RowsAsync(EmulatorClient.Contacts, "lastname eq 'Burst'", "contactid"), rows => rows.Count == ids.Count, "every contact of the burst written", Landing);
    }

    /// <summary>An account in the tests' range that no contact belongs to, so deleting its row touches no other test.</summary>
    private async Task<string> UnreferencedAccountAsync()
    {
        using var crm = new HttpClient { BaseAddress = fixture.System.CrmUrl };
        var referenced = new HashSet<string>();
        for (var offset = 0; offset < SalesforceSystemFixture.Contacts; offset += 1_000)
        {
            var page = (await crm.GetFromJsonAsync<JsonObject>($"api/offset/contacts?offset={offset}&limit=1000"))!;
            referenced.UnionWith(page["items"]!.AsArray().Select(item => (string?)item!["accountId"]).OfType<string>());
        }

        var index = Enumerable.Range(3_300, 700).First(index => !referenced.Contains($"A{index:D7}"));
        return SalesforceOrg.AccountId(index);
    }
}
