using System.Text.RegularExpressions;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Salesforce;

namespace CrmSync.CrmSimulator.Tests.Salesforce;

public sealed class SalesforceApiTests
{
    [Fact]
    public async Task TheTokenEndpointIssuesABearerTokenForTheConnectedApp()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = new SalesforceSession(simulator);

        var token = await session.JsonAsync(session.RequestTokenAsync());

        Assert.StartsWith("00D5g000004XyZa!", (string?)token["access_token"]);
        Assert.Equal(simulator.Client.BaseAddress!.ToString().TrimEnd('/'), (string?)token["instance_url"]);
        Assert.Equal("Bearer", (string?)token["token_type"]);
        Assert.True(long.Parse((string)token["issued_at"]!) > 1_700_000_000_000);
        Assert.Equal(1, (long)(await simulator.StatsAsync())["tokens"]!);
    }

    [Theory]
    [InlineData("crmsync-client", "wrong", "client_credentials", "invalid_client")]
    [InlineData("someone-else", "crmsync-secret", "client_credentials", "invalid_client")]
    [InlineData("crmsync-client", "crmsync-secret", "password", "unsupported_grant_type")]
    public async Task WrongCredentialsOrGrantGetSalesforcesOAuthError(string clientId, string secret, string grant, string error)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await new SalesforceSession(simulator).RequestTokenAsync(clientId, secret, grant);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task WithoutALiveTokenTheApiAnswersInvalidSessionAndAfterExpiryANewTokenWorks()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        const string soql = "SELECT Id FROM Account LIMIT 1";

        using var before = await session.QueryAsync(soql);
        await simulator.ControlAsync("salesforce/expire-tokens");
        using var expired = await session.QueryAsync(soql);
        await session.SignInAsync();
        using var renewed = await session.QueryAsync(soql);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await SalesforceSession.AssertErrorAsync(expired, HttpStatusCode.Unauthorized, "INVALID_SESSION_ID");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(1, (long)(await simulator.StatsAsync())["unauthorized"]!);
    }

    [Fact]
    public async Task AQueryPagesThroughEveryRecordWithNextRecordsUrl()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "4500"), ("Contacts", "10"));
        var session = await new SalesforceSession(simulator).SignInAsync();

        var first = await session.JsonAsync(session.QueryAsync("SELECT Id, Name, SystemModstamp FROM Account ORDER BY Id"));
        var (records, pages) = await session.QueryAllAsync("SELECT Id, Name, SystemModstamp FROM Account ORDER BY Id");
        var ids = records.Select(record => (string)record["Id"]!).ToList();

        Assert.Equal(4500, (int)first["totalSize"]!);
        Assert.False((bool)first["done"]!);
        Assert.Matches(new Regex(@"^/services/data/v62\.0/query/01g\w{15}-2000$"), (string?)first["nextRecordsUrl"]);
        Assert.Equal(2000, first["records"]!.AsArray().Count);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 4500).Select(index => SalesforceIds.IdOf(SimEntity.Account, index)), ids);
        Assert.Equal(["attributes", "Id", "Name", "SystemModstamp"], records[0].Select(property => property.Key));
        Assert.Equal("2026-01-01T00:00:00.000+0000", (string?)records[0]["SystemModstamp"]);
        Assert.Equal($"/services/data/v62.0/sobjects/Account/{ids[0]}", (string?)records[0]["attributes"]!["url"]);
    }

    [Fact]
    public async Task SforceQueryOptionsSetsTheBatchSize()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "10"), ("Contacts", "450"));
        var session = await new SalesforceSession(simulator).SignInAsync();

        var (records, pages) = await session.QueryAllAsync("SELECT Id FROM Contact", ("Sforce-Query-Options", "batchSize=200"));
        var stats = await simulator.StatsAsync();

        Assert.Equal(450, records.Count);
        Assert.Equal(3, pages);
        Assert.Equal(3, (long)stats["pages"]!);
        Assert.Equal(3, (long)stats["requests"]!);
        Assert.Equal(450, (long)stats["records"]!);
    }

    [Fact]
    public async Task IdInReadsBackTheNamedRecordsInEitherIdForm()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        var seven = SalesforceIds.IdOf(SimEntity.Contact, 7);
        var three = SalesforceIds.IdOf(SimEntity.Contact, 3);
        var beyond = SalesforceIds.IdOf(SimEntity.Contact, 99_999);

        var page = await session.JsonAsync(session.QueryAsync($"SELECT Id, LastName FROM Contact WHERE Id IN ('{seven}', '{three[..15]}', '{beyond}')"));

        Assert.Equal(2, (int)page["totalSize"]!);
        Assert.True((bool)page["done"]!);
        Assert.Equal([three, seven], page["records"]!.AsArray().Select(record => (string)record!["Id"]!));
    }

    [Fact]
    public async Task TheSobjectGetHasEveryFieldUnderSalesforcesNames()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        var generic = (await simulator.GetJsonAsync("simulator/records/contact/C0000001")).AsObject();
        var id = SalesforceIds.IdOf(SimEntity.Contact, 1);

        var contact = await session.JsonAsync(session.GetAsync($"services/data/v62.0/sobjects/Contact/{id}"));

        Assert.Equal(id, (string?)contact["Id"]);
        Assert.Equal((string?)generic["firstName"], (string?)contact["FirstName"]);
        Assert.Equal((string?)generic["lastName"], (string?)contact["LastName"]);
        Assert.Equal((string?)generic["email"], (string?)contact["Email"]);
        Assert.Equal((string?)generic["phone"], (string?)contact["Phone"]);
        Assert.Equal(SalesforceIds.IdOf(SimEntity.Account, int.Parse(((string)generic["accountId"]!)[1..])), (string?)contact["AccountId"]);
        Assert.False(string.IsNullOrEmpty((string?)contact["MobilePhone"]));
        Assert.False(string.IsNullOrEmpty((string?)contact["Title"]));
        Assert.Equal("Contact", (string?)contact["attributes"]!["type"]);
    }

    [Theory]
    [InlineData("services/data/v62.0/sobjects/Account/001Dn000009ZZZZAAA")]
    [InlineData("services/data/v62.0/sobjects/Lead/00QDn0000000001AAA")]
    [InlineData("services/data/62/sobjects/Account/001Dn0000000001AAA")]
    public async Task AnUnknownRecordIsNotFoundInSalesforcesErrorArray(string path)
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();

        using var response = await session.GetAsync(path);

        await SalesforceSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task AMalformedQueryAndAnUnknownLocatorAreBadRequests()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();

        using var malformed = await session.QueryAsync("SELECT FROM Account");
        using var locator = await session.GetAsync("services/data/v62.0/query/01gDn0000000099AAA-2000");

        await SalesforceSession.AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "MALFORMED_QUERY");
        await SalesforceSession.AssertErrorAsync(locator, HttpStatusCode.BadRequest, "INVALID_QUERY_LOCATOR");
    }

    [Fact]
    public async Task QueuedFaultsAnswerSalesforceRequestsToo()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var session = await new SalesforceSession(simulator).SignInAsync();
        await simulator.ControlAsync("faults", """{"status":429,"count":1,"retryAfterSeconds":1}""");

        using var throttled = await session.QueryAsync("SELECT Id FROM Account LIMIT 1");
        using var served = await session.QueryAsync("SELECT Id FROM Account LIMIT 1");
        var stats = await simulator.StatsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, (long)stats["throttled"]!);
        Assert.Equal(2, (long)stats["requests"]!);
    }

    [Fact]
    public async Task TheLightningLinkOpensTheRecordsPage()
    {
        await using var simulator = await TestSimulator.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = simulator.Client.BaseAddress };

        using var response = await client.GetAsync($"lightning/r/Account/{SalesforceIds.IdOf(SimEntity.Account, 5)}/view");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ui/accounts/A0000005", response.Headers.Location?.ToString());
    }
}
