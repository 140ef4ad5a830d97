using System.Text.Json;
using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.ServiceNow;

public sealed class ServiceNowReaderTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly ServiceNowHarness harness = new(simulator.Address);

    [Theory]
    [InlineData(Entities.Account)]
    [InlineData(Entities.Contact)]
    public async Task TheInitialSyncReadsEveryRecordOnceInPagesWithTheTotal(string entity)
    {
        var pages = await harness.Reader.ReadAllAsync(ServiceNowHarness.Source, entity);

        var ids = pages.SelectMany(page => page.Changes).Select(change => change.SourceId).ToList();
        Assert.Equal(SimulatorFixture.Count(entity), ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal((SimulatorFixture.Count(entity) + 39) / 40, pages.Count);
        Assert.All(pages, page => Assert.Equal(SimulatorFixture.Count(entity), page.Total));
    }

    [Fact]
    public async Task APageCarriesTheMappedColumnsTheVersionTheLinkAndTheAccount()
    {
        var page = await harness.Reader.ReadPageAsync(ServiceNowHarness.Source, Entities.Contact, null, CancellationToken.None);
        var contact = page.Changes.First(change => change.Fields[RecordFields.ParentAccountId] != "null");
        var values = await simulator.ValuesAsync("customer_contact", contact.SourceId);

        Assert.Equal([RecordFields.ParentAccountId, "emailaddress1", "firstname", "jobtitle", "lastname", "mobilephone", RecordFields.SourceUrl, "telephone1"],
            contact.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonSerializer.Serialize(values["account"]), contact.Fields[RecordFields.ParentAccountId]);
        Assert.Equal(JsonSerializer.Serialize(values["last_name"]), contact.Fields["lastname"]);
        Assert.Equal(ChangeVersion.FromTimestamp(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), long.Parse(values["sys_mod_count"]!)), contact.Version);
    }

    [Fact]
    public async Task AMappingOverrideAddsAColumnAndDropsADefault()
    {
        using var mapped = new ServiceNowHarness(simulator.Address, new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Mapping:account:accountnumber"] = "number",
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Mapping:account:websiteurl"] = "",
        });

        var account = (await mapped.Reader.ReadPageAsync(ServiceNowHarness.Source, Entities.Account, null, CancellationToken.None)).Changes[0];

        Assert.Equal("\"ACC0000001\"", account.Fields["accountnumber"]);
        Assert.DoesNotContain("websiteurl", account.Fields.Keys);
    }

    [Fact]
    public async Task AReadBackWaitsOutThrottlingAndServerErrors()
    {
        var body = MicrosoftBody(5);
        await simulator.PostAsync("simulator/faults", new { status = 429, count = 2, retryAfterSeconds = 1 });

        var throttled = Assert.Single(await harness.ReceiveAsync(ServiceNowHarness.Request("POST", "account", body, [ServiceNowHarness.Basic()])));
        await simulator.PostAsync("simulator/faults", new { status = 502, count = 2 });
        var failed = Assert.Single(await harness.ReceiveAsync(ServiceNowHarness.Request("POST", "account", body, [ServiceNowHarness.Basic()])));

        Assert.Equal(ChangeOperation.Upsert, throttled.Operation);
        Assert.Equal(ChangeOperation.Upsert, failed.Operation);
    }

    [Fact]
    public async Task OAuthCredentialsComeFromTheInstancesTokenEndpoint()
    {
        await using var oauth = await CrmSync.CrmSimulator.Hosting.CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = "5", ["Simulator:Auth:Type"] = "Bearer", ["Simulator:Auth:Token"] = "t0ken",
            ["Simulator:ServiceNow:ClientId"] = "client", ["Simulator:ServiceNow:ClientSecret"] = "s3cret",
        });
        using var harnessWithOAuth = new ServiceNowHarness(CrmSync.CrmSimulator.Hosting.CrmSimulatorHost.GetSimulatorAddress(oauth), new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Auth:Type"] = "OAuth",
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Auth:ClientId"] = "client",
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:Auth:ClientSecret"] = "s3cret",
        });

        var page = await harnessWithOAuth.Reader.ReadPageAsync(ServiceNowHarness.Source, Entities.Account, null, CancellationToken.None);

        Assert.Equal(5, page.Changes.Count);
    }

    private static string MicrosoftBody(int index) =>
        $$"""{"id":"{{SimulatorRecords.AccountSysId(index)}}","Number":"ACC","Name":"Old","City":null,"Phone":null,"zip":null,"sys_id":"{{SimulatorRecords.AccountSysId(index)}}","sys_created_on":"2026-01-01 00:00:00"}""";

    public void Dispose() => harness.Dispose();
}
