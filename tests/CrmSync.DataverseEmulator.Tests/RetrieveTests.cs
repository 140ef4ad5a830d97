namespace CrmSync.DataverseEmulator.Tests;

public sealed class RetrieveTests
{
    [Fact]
    public async Task GetByIdReturnsTheSelectedColumnsTheKeyAndTheETag()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "Contoso");

        using var response = await emulator.SendAsync(HttpMethod.Get, $"accounts({id})?$select=name,accountnumber");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; odata.metadata=minimal", response.Content.Headers.ContentType!.ToString());
        var body = await TestEmulator.ReadJsonAsync(response);
        Assert.Equal(["@odata.context", "@odata.etag", "name", "accountnumber", "accountid"], body.Select(property => property.Key));
        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#accounts(name,accountnumber)/$entity", (string?)body["@odata.context"]);
        Assert.Matches("^W/\"\\d+\"$", (string)body["@odata.etag"]!);
        Assert.Null(body["accountnumber"]);
        Assert.Equal(id, Guid.Parse((string)body["accountid"]!));
    }

    [Fact]
    public async Task GetWithoutSelectReturnsEveryColumn()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "Contoso");

        var body = await emulator.GetJsonAsync($"accounts({id})");

        foreach (var property in new[] { "name", "telephone1", "address1_city", "revenue", "_parentaccountid_value", "_primarycontactid_value", "msdyn_source_crm_url", "versionnumber", "createdon" })
        {
            Assert.True(body.ContainsKey(property), property);
        }
    }

    [Fact]
    public async Task GetByAlternateKeyFindsTheRow()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "Contoso", sourceId: "sn-7");

        var body = await emulator.GetJsonAsync($"{Rows.AccountByKey("sn-7")}?$select=name");

        Assert.Equal(id, Guid.Parse((string)body["accountid"]!));
    }

    [Fact]
    public async Task GetOfAMissingRowIs404WithTheCodeForHowItWasAddressed()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var byId = await emulator.SendAsync(HttpMethod.Get, $"contacts({Guid.NewGuid()})");
        using var byKey = await emulator.SendAsync(HttpMethod.Get, Rows.ContactByKey("nobody"));

        await TestEmulator.AssertErrorAsync(byId, HttpStatusCode.NotFound, "0x80040217");
        Assert.Equal("A record with the specified key values does not exist in contact entity",
            await TestEmulator.AssertErrorAsync(byKey, HttpStatusCode.NotFound, "0x80060891"));
    }

    [Fact]
    public async Task GetWithTheCurrentETagInIfNoneMatchIs304()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");
        var etag = (string)(await emulator.GetJsonAsync($"accounts({id})"))["@odata.etag"]!;

        using var unchanged = await emulator.SendAsync(HttpMethod.Get, $"accounts({id})", null, ("If-None-Match", etag));
        using var cacheBuster = await emulator.SendAsync(HttpMethod.Get, $"accounts({id})", null, ("If-None-Match", "null"));

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cacheBuster.StatusCode);
    }

    [Fact]
    public async Task SelectOfAnUnknownColumnIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");

        using var single = await emulator.SendAsync(HttpMethod.Get, $"accounts({id})?$select=Name");
        using var collection = await emulator.SendAsync(HttpMethod.Get, "contacts?$select=parentcustomerid");

        Assert.Equal("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.",
            await TestEmulator.AssertErrorAsync(single, HttpStatusCode.BadRequest, "0x0"));
        Assert.Equal("Could not find a property named 'parentcustomerid' on type 'Microsoft.Dynamics.CRM.contact'.",
            await TestEmulator.AssertErrorAsync(collection, HttpStatusCode.BadRequest, "0x0"));
    }
}
