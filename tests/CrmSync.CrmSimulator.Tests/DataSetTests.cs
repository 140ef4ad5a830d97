namespace CrmSync.CrmSimulator.Tests;

public sealed class DataSetTests(SmallDataSetFixture fixture) : IClassFixture<SmallDataSetFixture>
{
    private TestSimulator Simulator => fixture.Simulator;

    [Fact]
    public async Task AnAccountHasItsDocumentedFieldsAtVersionOne()
    {
        var account = (await Simulator.GetJsonAsync("api/offset/accounts?offset=41&limit=1"))["items"]![0]!.AsObject();

        Assert.Equal(["id", "name", "telephone", "email", "website", "version", "updatedAt", "url"], account.Select(property => property.Key));
        Assert.Equal("A0000042", (string?)account["id"]);
        Assert.All(new[] { "name", "telephone", "email", "website" }, field => Assert.False(string.IsNullOrWhiteSpace((string?)account[field])));
        Assert.Equal(1, (long)account["version"]!);
        Assert.Equal("2026-01-01T00:00:00Z", (string?)account["updatedAt"]);
        Assert.Equal(new Uri(Simulator.Client.BaseAddress!, "ui/accounts/A0000042").ToString(), (string?)account["url"]);
    }

    [Fact]
    public async Task AContactHasItsDocumentedFields()
    {
        var contact = (await Simulator.GetJsonAsync("api/offset/contacts?limit=1"))["items"]![0]!.AsObject();

        Assert.Equal(["id", "firstName", "lastName", "email", "phone", "accountId", "version", "updatedAt", "url"], contact.Select(property => property.Key));
        Assert.Equal("C0000001", (string?)contact["id"]);
        Assert.EndsWith("/ui/contacts/C0000001", (string?)contact["url"]);
    }

    [Fact]
    public async Task EveryContactsAccountExists()
    {
        var accounts = (await StylePager.ReadAllAsync(Simulator.Client, "offset", "accounts", 1000)).Ids.ToHashSet();
        var contacts = (await StylePager.ReadAllAsync(Simulator.Client, "offset", "contacts", 1000)).Records;

        var accountIds = contacts.Select(contact => (string?)contact["accountId"]).OfType<string>().ToList();
        Assert.NotEmpty(accountIds);
        Assert.All(accountIds, id => Assert.Contains(id, accounts));
    }

    [Fact]
    public async Task TheSameSeedServesTheSameDataAndAnotherSeedOtherData()
    {
        await using var same = await TestSimulator.StartAsync(("Accounts", "250"), ("Contacts", "300"));
        await using var other = await TestSimulator.StartAsync(("Accounts", "250"), ("Contacts", "300"), ("Seed", "2"));
        const string page = "api/offset/contacts?offset=100&limit=50";

        var original = (await Simulator.GetJsonAsync(page)).ToJsonString();
        var again = (await same.GetJsonAsync(page)).ToJsonString().Replace(same.Client.BaseAddress!.Authority, Simulator.Client.BaseAddress!.Authority);
        var reseeded = (await other.GetJsonAsync(page)).ToJsonString().Replace(other.Client.BaseAddress!.Authority, Simulator.Client.BaseAddress!.Authority);

        Assert.Equal(original, again);
        Assert.NotEqual(original, reseeded);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    public async Task AboutTheConfiguredShareOfContactsHasNoAccount(int percent)
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "100"), ("Contacts", "4000"), ("OrphanContactPercent", $"{percent}"));

        var contacts = (await StylePager.ReadAllAsync(simulator.Client, "offset", "contacts", 1000)).Records;

        var orphanPercent = 100.0 * contacts.Count(contact => contact["accountId"] is null) / contacts.Count;
        Assert.InRange(orphanPercent, percent - 3, percent + 3);
    }

    [Fact]
    public async Task NoContactIsAnOrphanAtZeroPercentAndAllAreWithoutAccounts()
    {
        await using var none = await TestSimulator.StartAsync(("Accounts", "10"), ("Contacts", "500"), ("OrphanContactPercent", "0"));
        await using var noAccounts = await TestSimulator.StartAsync(("Accounts", "0"), ("Contacts", "500"));

        var withAccounts = (await StylePager.ReadAllAsync(none.Client, "offset", "contacts", 1000)).Records;
        var withoutAccounts = (await StylePager.ReadAllAsync(noAccounts.Client, "offset", "contacts", 1000)).Records;

        Assert.All(withAccounts, contact => Assert.NotNull((string?)contact["accountId"]));
        Assert.All(withoutAccounts, contact => Assert.Null((string?)contact["accountId"]));
    }

    [Theory]
    [InlineData("Accounts", "-1", "Simulator:Accounts")]
    [InlineData("Contacts", "10000000", "Simulator:Contacts")]
    [InlineData("OrphanContactPercent", "101", "Simulator:OrphanContactPercent")]
    [InlineData("MaxPageSize", "0", "Simulator:MaxPageSize")]
    [InlineData("Auth:Type", "Bearer", "Token")]
    public async Task AConfigurationTheSimulatorCannotHonourStopsItsStartWithTheKeyNamed(string key, string value, string named)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => TestSimulator.StartAsync((key, value)));

        Assert.Contains(named, exception.Message);
    }
}
