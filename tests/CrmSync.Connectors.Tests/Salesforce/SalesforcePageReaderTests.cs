using CrmSync.Connectors.Tests.Rest;
using CrmSync.CrmSimulator.Data;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class SalesforcePageReaderTests
{
    [Fact]
    public async Task TheInitialSyncPagesThroughEveryAccountByNextRecordsUrl()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 4_500, contacts: 10);

        var pages = await harness.Reader.ReadAllAsync(SalesforceHarness.Source, Entities.Account);
        var changes = pages.SelectMany(page => page.Changes).ToList();
        var first = changes[0];

        Assert.Equal(3, pages.Count);
        Assert.All(pages, page => Assert.Equal(4_500, page.Total));
        Assert.Equal(Enumerable.Range(1, 4_500).Select(index => SimIds.IdOf(SimEntity.Account, index)), changes.Select(change => change.SourceId));
        Assert.Equal(ChangeVersion.FromTimestamp(SimRecord.Epoch), first.Version);
        Assert.Equal(["accountnumber", "address1_city", "address1_country", "address1_line1", "address1_postalcode", "msdyn_source_crm_url", "name", "telephone1", "websiteurl"], first.Fields.Keys.Order());
        Assert.Equal("\"CS-0000001\"", first.Fields["accountnumber"]);
        Assert.Equal(1, (long)(await harness.StatsAsync())["tokens"]!);
    }

    [Fact]
    public async Task ContactsComeWithTheirAccountsIdAndOrphansWithNone()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 50, contacts: 400);

        var contacts = (await harness.Reader.ReadAllAsync(SalesforceHarness.Source, Entities.Contact)).SelectMany(page => page.Changes).ToList();
        var parents = contacts.Select(change => change.Fields[RecordFields.ParentAccountId]).ToList();

        Assert.Equal(400, contacts.Count);
        Assert.Contains("null", parents);
        Assert.All(parents.Where(parent => parent != "null"), parent => Assert.Matches("^\"001Dn[0-9A-Za-z]{13}\"$", parent));
    }

    [Fact]
    public async Task AnExpiredTokenIsRenewedOnTheFirst401AndThrottlingIsWaitedOut()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 10, contacts: 10);
        await harness.Reader.ReadPageAsync(SalesforceHarness.Source, Entities.Account, null, CancellationToken.None);
        await harness.ControlAsync("salesforce/expire-tokens");
        await harness.ControlAsync("faults", """{"status":429,"count":2,"retryAfterSeconds":0}""");

        var page = await harness.Reader.ReadPageAsync(SalesforceHarness.Source, Entities.Account, null, CancellationToken.None);
        var stats = await harness.StatsAsync();

        Assert.Equal(10, page.Changes.Count);
        Assert.Equal(2, (long)stats["tokens"]!);
        Assert.Equal(1, (long)stats["unauthorized"]!);
        Assert.Equal(2, (long)stats["throttled"]!);
    }

    [Fact]
    public async Task AMappingOverrideChangesTheFieldsAskedFor()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 3, contacts: 3, sourceSettings: new Dictionary<string, string?>
        {
            ["Mapping:contact:mobilephone"] = "",
            ["Mapping:contact:telephone1"] = "MobilePhone",
        });

        var contact = (await harness.Reader.ReadPageAsync(SalesforceHarness.Source, Entities.Contact, null, CancellationToken.None)).Changes[0];

        Assert.DoesNotContain("mobilephone", contact.Fields.Keys);
        Assert.StartsWith("\"+1 555 01", contact.Fields["telephone1"]);
    }

    [Fact]
    public async Task ACursorOffTheInstanceIsRefused()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 3, contacts: 3);

        var error = await Assert.ThrowsAsync<SourceReadException>(() =>
            harness.Reader.ReadPageAsync(SalesforceHarness.Source, Entities.Account, "https://elsewhere.example/services/data/v62.0/query/01g-2000", CancellationToken.None));

        Assert.Contains("again from the beginning", error.Message);
    }
}
