using System.Net.Http.Json;

namespace CrmSync.EndToEnd.Tests.Dynamics365;

/// <summary>A Dynamics 365 source followed by change tracking alone, through <c>POST /admin/pull/{source}/{entity}</c>, with its webhooks lost on the way.</summary>
[Collection(Dynamics365Collection.Name)]
public sealed class Dynamics365PullTests : IDisposable
{
    private readonly Dynamics365System dynamics;
    private readonly HttpClient gateway;

    public Dynamics365PullTests(Dynamics365System dynamics, ITestOutputHelper output)
    {
        this.dynamics = dynamics;
        gateway = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = dynamics.System.GatewayUrl, Timeout = TimeSpan.FromMinutes(2) };
        dynamics.System.ShowOutputIn(output);
    }

    private SourceOrganisation Organisation => dynamics.Organisation;

    private EmulatorClient Target => dynamics.System.Dataverse;

    [Fact]
    public async Task EditsCreatesAndDeletesInTheSourceArriveThroughPullsWithoutWebhooks()
    {
        dynamics.Relay.Mode = RelayMode.Drop;
        var doomedAccount = await Organisation.CreateAsync("accounts", new { name = "Pulled, then deleted" });
        var doomedContact = await Organisation.CreateAsync("contacts", new { lastname = "Pulled, then deleted" });
        var firstAccounts = await PullAsync(Entities.Account);
        var firstContacts = await PullAsync(Entities.Contact);
        await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{doomedAccount}");
        await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{doomedContact}");

        await Organisation.UpdateAsync("accounts", SourceOrganisation.AccountId(21), new { name = "Renamed without a webhook" });
        var account = await Organisation.CreateAsync("accounts", new { name = "Created without a webhook" });
        await Organisation.DeleteAsync("accounts", doomedAccount);
        await Organisation.UpdateAsync("contacts", SourceOrganisation.ContactId(22), new { lastname = "Renamed without a webhook" });
        var contact = await Organisation.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Created without a webhook", ["parentcustomerid_account@odata.bind"] = $"/accounts({account})" });
        await Organisation.DeleteAsync("contacts", doomedContact);
        var accounts = await PullAsync(Entities.Account);
        var contacts = await PullAsync(Entities.Contact);

        Assert.True((bool)firstAccounts["fullRead"]! && (bool)firstContacts["fullRead"]!, $"{firstAccounts} {firstContacts}");
        Assert.True((int)firstAccounts["changes"]! >= dynamics.Accounts, $"{firstAccounts}");
        Assert.Equal((false, 3, 1), ((bool)accounts["fullRead"]!, (int)accounts["changes"]!, (int)accounts["deletes"]!));
        Assert.Equal((false, 3, 1), ((bool)contacts["fullRead"]!, (int)contacts["changes"]!, (int)contacts["deletes"]!));
        await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{SourceOrganisation.AccountId(21)}", row => (string?)row["name"] == "Renamed without a webhook", "renamed");
        var created = await Target.WaitForRowAsync(EmulatorClient.Accounts, $"{account}");
        await Target.WaitForNoRowAsync(EmulatorClient.Accounts, $"{doomedAccount}");
        await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{SourceOrganisation.ContactId(22)}", row => (string?)row["lastname"] == "Renamed without a webhook", "renamed");
        await Target.WaitForRowAsync(EmulatorClient.Contacts, $"{contact}", row => (string?)row["_parentcustomerid_value"] == (string?)created["accountid"], "bound to the created account");
        await Target.WaitForNoRowAsync(EmulatorClient.Contacts, $"{doomedContact}");
    }

    [Theory]
    [InlineData("no-such-source", "account", HttpStatusCode.NotFound, "No source named 'no-such-source'")]
    [InlineData(Dynamics365System.Source, "opportunity", HttpStatusCode.BadRequest, "Entity 'opportunity' is unknown")]
    [InlineData(CrmSyncResources.GenericSource, "account", HttpStatusCode.BadRequest, "keeps no change feed")]
    public async Task APullThatCannotBeDoneIsAProblem(string source, string entity, HttpStatusCode status, string detail)
    {
        using var response = await gateway.PostAsync($"admin/pull/{source}/{entity}", null);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.Contains(detail, (string?)problem["detail"]);
    }

    public void Dispose() => gateway.Dispose();

    private async Task<JsonObject> PullAsync(string entity)
    {
        using var response = await gateway.PostAsync($"admin/pull/{Dynamics365System.Source}/{entity}", null);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
