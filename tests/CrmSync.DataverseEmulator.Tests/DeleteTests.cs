namespace CrmSync.DataverseEmulator.Tests;

public sealed class DeleteTests
{
    [Fact]
    public async Task DeleteByIdAnswers204AndTheRowIsGone()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");

        using var response = await emulator.DeleteAsync($"accounts({id})");
        using var get = await emulator.SendAsync(HttpMethod.Get, $"accounts({id})");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await TestEmulator.AssertErrorAsync(get, HttpStatusCode.NotFound, "0x80040217");
    }

    [Fact]
    public async Task DeleteByAlternateKeyAnswers204AndTheRowIsGone()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await Rows.CreateAccountAsync(emulator, "A", sourceId: "gone");

        using var response = await emulator.DeleteAsync(Rows.AccountByKey("gone"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task DeleteOfAMissingRowIs404WithTheCodeForHowItWasAddressed()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();

        using var byId = await emulator.DeleteAsync($"accounts({id})");
        using var byKey = await emulator.DeleteAsync(Rows.AccountByKey("missing"));

        Assert.Equal($"account With Id = {id} Does Not Exist", await TestEmulator.AssertErrorAsync(byId, HttpStatusCode.NotFound, "0x80040217"));
        await TestEmulator.AssertErrorAsync(byKey, HttpStatusCode.NotFound, "0x80060891");
    }

    [Fact]
    public async Task DeleteWithAStaleETagIs412AndKeepsTheRow()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");
        var etag = (string)(await emulator.GetJsonAsync($"accounts({id})"))["@odata.etag"]!;
        (await emulator.PatchAsync($"accounts({id})", """{"name":"B"}""")).Dispose();

        using var response = await emulator.DeleteAsync($"accounts({id})", ("If-Match", etag));

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "0x80060882");
        Assert.Single(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task DeletingAnAccountDeletesItsContactsAndUnlinksChildAccounts()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var parent = await Rows.CreateAccountAsync(emulator, "Parent");
        var other = await Rows.CreateAccountAsync(emulator, "Other");
        (await emulator.PostAsync("contacts", $$"""{"lastname":"Child","parentcustomerid_account@odata.bind":"/accounts({{parent}})"}""")).Dispose();
        (await emulator.PostAsync("contacts", $$"""{"lastname":"Elsewhere","parentcustomerid_account@odata.bind":"/accounts({{other}})"}""")).Dispose();
        using var child = await emulator.PostAsync("accounts", $$"""{"name":"Child account","parentaccountid@odata.bind":"/accounts({{parent}})"}""");
        var childAccount = Rows.IdFromEntityId(child);

        using var response = await emulator.DeleteAsync($"accounts({parent})");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var contacts = await emulator.GetRowsAsync("contacts?$select=lastname");
        Assert.Equal("Elsewhere", (string?)Assert.Single(contacts)!["lastname"]);
        var childRow = await emulator.GetJsonAsync($"accounts({childAccount})?$select=_parentaccountid_value");
        Assert.Null(childRow["_parentaccountid_value"]);
    }

    [Fact]
    public async Task DeletingAContactClearsTheAccountsPrimaryContact()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var contact = await emulator.PostAsync("contacts", """{"lastname":"Primary"}""");
        var contactId = Rows.IdFromEntityId(contact);
        using var account = await emulator.PostAsync("accounts", $$"""{"name":"A","primarycontactid@odata.bind":"contacts({{contactId}})"}""");
        var accountId = Rows.IdFromEntityId(account);
        var before = await emulator.GetJsonAsync($"accounts({accountId})?$select=_primarycontactid_value");

        (await emulator.DeleteAsync($"contacts({contactId})")).Dispose();

        Assert.Equal(contactId, Guid.Parse((string)before["_primarycontactid_value"]!));
        var after = await emulator.GetJsonAsync($"accounts({accountId})?$select=_primarycontactid_value");
        Assert.Null(after["_primarycontactid_value"]);
        Assert.NotEqual((string?)before["@odata.etag"], (string?)after["@odata.etag"]);
    }

    [Fact]
    public async Task DeleteOnTheCollectionIs405()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.DeleteAsync("accounts");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
