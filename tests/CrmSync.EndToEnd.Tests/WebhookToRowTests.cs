namespace CrmSync.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class WebhookToRowTests
{
    /// <summary>The msdyn_source_crm option labelled Other, which the generic source writes.</summary>
    private const int OtherSourceCrm = 192350004;

    private readonly CrmSyncSystem _system;

    public WebhookToRowTests(SharedSystemFixture fixture, ITestOutputHelper output)
    {
        _system = fixture.System;
        _system.ShowOutputIn(output);
    }

    [Fact]
    public async Task ASignedAccountWebhookBecomesARowWithTheSourceColumnsAndTheFieldsSent()
    {
        var id = RecordIds.New("A");
        var url = $"https://crm.example/accounts/{id}";
        var change = GenericChange.Account(id, 1, new { name = "Contoso", telephone1 = "+1 555 0100", numberofemployees = 42 }) with { Url = url };

        var response = await _system.Webhooks.SendAsync(change);

        Assert.Equal("accepted", response.Outcome);
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, id);
        Assert.Equal(OtherSourceCrm, (int?)row["msdyn_source_crm"]);
        Assert.Equal(id, (string?)row["msdyn_source_crm_id"]);
        Assert.Equal(url, (string?)row["msdyn_source_crm_url"]);
        Assert.Equal("Contoso", (string?)row["name"]);
        Assert.Equal("+1 555 0100", (string?)row["telephone1"]);
        Assert.Equal(42, (int?)row["numberofemployees"]);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task AWebhookSentWithPutOrDeleteToTheEntitysUrlIsTakenLikeAPost(string method)
    {
        var id = RecordIds.New("C");
        var request = _system.Webhooks.CreateRequest(WebhookMessage.Of(GenericChange.Contact(id, 1, null, new { lastname = method })));
        request.Method = new HttpMethod(method);
        request.RequestUri = new Uri($"{request.RequestUri}/{Entities.Contact}", UriKind.Relative);

        var response = await _system.Webhooks.SendAsync(request);

        Assert.Equal("accepted", response.Outcome);
        var row = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Contacts, id);
        Assert.Equal(method, (string?)row["lastname"]);
    }

    [Fact]
    public async Task AContactSentBeforeItsAccountWaitsAndIsWrittenBoundToTheAccountOnceItArrives()
    {
        var accountId = RecordIds.New("A");
        var contactId = RecordIds.New("C");
        var contact = GenericChange.Contact(contactId, 1, accountId, new { firstname = "Ada", lastname = "Lovelace" });
        var account = GenericChange.Account(accountId, "2026-11-23T10:00:00.123Z", new { name = "Analytical Engines" });

        var contactResponse = await _system.Webhooks.SendAsync(contact);
        // Time for the contact's write to be tried, and refused, while its account is not in Dataverse.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var contactRowBeforeAccount = await _system.Dataverse.RowAsync(EmulatorClient.Contacts, contactId);
        var accountResponse = await _system.Webhooks.SendAsync(account);

        Assert.Equal("accepted", contactResponse.Outcome);
        Assert.Null(contactRowBeforeAccount);
        Assert.Equal("accepted", accountResponse.Outcome);
        var accountRow = await _system.Dataverse.WaitForRowAsync(EmulatorClient.Accounts, accountId);
        var accountRowId = (string?)accountRow["accountid"];
        var contactRow = await _system.Dataverse.WaitForRowAsync(
            EmulatorClient.Contacts, contactId, row => (string?)row["_parentcustomerid_value"] == accountRowId, $"bound to account {accountRowId}");
        Assert.Equal("Lovelace", (string?)contactRow["lastname"]);
    }
}
