namespace CrmSync.DataverseEmulator.Tests;

public sealed class LookupTests
{
    [Theory]
    [InlineData("/accounts({0})")]
    [InlineData("accounts({0})")]
    [InlineData("{1}accounts({0})")]
    [InlineData("/accounts(msdyn_source_crm=2,msdyn_source_crm_id='parent')")]
    public async Task ContactBindsItsAccountAndReadsItBackAsParentCustomerIdValue(string bind)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "Parent", sourceId: "parent");
        var reference = string.Format(bind, account, emulator.Client.BaseAddress);

        using var response = await emulator.PatchAsync(Rows.ContactByKey("c1"), Rows.Json(new Dictionary<string, string>
        {
            ["lastname"] = "Lee",
            ["parentcustomerid_account@odata.bind"] = reference,
        }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var contact = await emulator.GetJsonAsync($"{Rows.ContactByKey("c1")}?$select=_parentcustomerid_value");
        Assert.Equal(account, Guid.Parse((string)contact["_parentcustomerid_value"]!));
    }

    [Fact]
    public async Task AParentCustomerNamesItsTableWhenTheLookupAnnotationIsAskedFor()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "Parent");
        (await emulator.PatchAsync(Rows.ContactByKey("parent"), """{"lastname":"Parent"}""")).Dispose();
        var parent = (string)(await emulator.GetJsonAsync($"{Rows.ContactByKey("parent")}?$select=contactid"))["contactid"]!;
        (await emulator.PatchAsync(Rows.ContactByKey("of-account"), $$"""{"lastname":"A","parentcustomerid_account@odata.bind":"/accounts({{account}})"}""")).Dispose();
        (await emulator.PatchAsync(Rows.ContactByKey("of-contact"), $$"""{"lastname":"B","parentcustomerid_contact@odata.bind":"/contacts({{parent}})"}""")).Dispose();
        const string annotation = "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname";
        var prefer = ("Prefer", "odata.maxpagesize=50,odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"");

        var annotated = await emulator.GetJsonAsync($"{Rows.ContactByKey("of-contact")}?$select=_parentcustomerid_value", prefer);
        var all = await emulator.GetJsonAsync("contacts?$select=lastname,_parentcustomerid_value", ("Prefer", "odata.include-annotations=\"*\""));
        var plain = await emulator.GetJsonAsync($"{Rows.ContactByKey("of-contact")}?$select=_parentcustomerid_value");

        Assert.Equal((parent, "contact"), ((string?)annotated["_parentcustomerid_value"], (string?)annotated[annotation]));
        var byName = all["value"]!.AsArray().ToDictionary(row => (string)row!["lastname"]!, row => (string?)row![annotation]);
        Assert.Equal(("account", "contact", (string?)null), (byName["A"], byName["B"], byName["Parent"]));
        Assert.False(plain.ContainsKey(annotation));
    }

    [Fact]
    public async Task ABindToAMissingAccountByIdRejectsTheWholeWrite()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var missing = Guid.NewGuid();

        using var response = await emulator.PatchAsync(Rows.ContactByKey("c1"), $$"""{"lastname":"Lee","parentcustomerid_account@odata.bind":"/accounts({{missing}})"}""");

        Assert.Equal($"account With Id = {missing} Does Not Exist", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x80040217"));
        Assert.Empty(await emulator.GetRowsAsync("contacts"));
    }

    [Fact]
    public async Task ABindToAMissingAccountByKeyRejectsTheWholeWrite()
    {
        await using var emulator = await TestEmulator.StartAsync();
        (await emulator.PatchAsync(Rows.ContactByKey("c1"), """{"lastname":"Before"}""")).Dispose();

        using var response = await emulator.PatchAsync(Rows.ContactByKey("c1"),
            """{"lastname":"After","parentcustomerid_account@odata.bind":"/accounts(msdyn_source_crm=2,msdyn_source_crm_id='nope')"}""");

        Assert.Equal("A record with the specified key values does not exist in account entity",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x80060891"));
        Assert.Equal("Before", (string?)(await emulator.GetJsonAsync($"{Rows.ContactByKey("c1")}?$select=lastname"))["lastname"]);
    }

    [Fact]
    public async Task BindingNullClearsTheLookup()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "Parent");
        (await emulator.PatchAsync(Rows.ContactByKey("c1"), $$"""{"lastname":"Lee","parentcustomerid_account@odata.bind":"/accounts({{account}})"}""")).Dispose();

        using var response = await emulator.PatchAsync(Rows.ContactByKey("c1"), """{"parentcustomerid_account@odata.bind":null}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null((await emulator.GetJsonAsync($"{Rows.ContactByKey("c1")}?$select=_parentcustomerid_value"))["_parentcustomerid_value"]);
    }

    [Fact]
    public async Task ABindToTheWrongTableIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var contact = await emulator.PostAsync("contacts", """{"lastname":"Lee"}""");

        using var response = await emulator.PostAsync("accounts", $$"""{"name":"A","parentaccountid@odata.bind":"/contacts({{Rows.IdFromEntityId(contact)}})"}""");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19");
    }

    [Fact]
    public async Task AContactCanHaveAContactAsItsParentCustomer()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var parent = await emulator.PostAsync("contacts", """{"lastname":"Parent"}""");
        var parentId = Rows.IdFromEntityId(parent);

        using var response = await emulator.PostAsync("contacts", $$"""{"lastname":"Child","parentcustomerid_contact@odata.bind":"/contacts({{parentId}})"}""");

        var child = await emulator.GetJsonAsync($"contacts({Rows.IdFromEntityId(response)})?$select=_parentcustomerid_value");
        Assert.Equal(parentId, Guid.Parse((string)child["_parentcustomerid_value"]!));
    }
}
