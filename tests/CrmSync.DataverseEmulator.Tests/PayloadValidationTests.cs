namespace CrmSync.DataverseEmulator.Tests;

public sealed class PayloadValidationTests
{
    [Fact]
    public async Task AnUnknownColumnIs400InvalidProperty()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts", """{"Name":"Contoso"}""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0");
        Assert.Contains("Invalid property 'Name' was found in entity 'Microsoft.Dynamics.CRM.account'.", message);
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task MalformedJsonIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync($"accounts({Guid.NewGuid()})", """{"name":"A",""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19");
        Assert.StartsWith("Error identified in Payload provided by the user for Entity :'accounts'", message);
    }

    [Fact]
    public async Task AStringLongerThanItsColumnIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts", Rows.Json(new { name = new string('x', 161) }));
        using var fits = await emulator.PostAsync("accounts", Rows.Json(new { name = new string('x', 160) }));

        Assert.Equal(
            "A validation error occurred. The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80044331"));
        Assert.Equal(HttpStatusCode.NoContent, fits.StatusCode);
    }

    [Fact]
    public async Task AnUnknownChoiceValueIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var body = await emulator.PostAsync("accounts", """{"name":"A","msdyn_source_crm":4}""");
        using var key = await emulator.PatchAsync(Rows.AccountByKey("x", sourceCrm: "4"), """{"name":"A"}""");

        var message = await TestEmulator.AssertErrorAsync(body, HttpStatusCode.BadRequest, "0x8004431a");
        Assert.Equal(
            "A validation error occurred. The value 4 of 'msdyn_source_crm' on record of type 'account' is outside the valid range. Accepted Values: 2,3,192350000,192350001,192350002,192350003,192350004",
            message);
        await TestEmulator.AssertErrorAsync(key, HttpStatusCode.BadRequest, "0x8004431a");
    }

    [Theory]
    [InlineData("""{"numberofemployees":"ten"}""")]
    [InlineData("""{"numberofemployees":1.5}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"revenue":"lots"}""")]
    public async Task AValueOfTheWrongTypeIs400(string body)
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts", body);

        Assert.Contains("Cannot convert the literal", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19"));
    }

    [Fact]
    public async Task ReadOnlyColumnsInTheBodyAreIgnored()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("contacts",
            """{"firstname":"Ann","lastname":"Lee","fullname":"Someone Else","createdon":"2001-01-01T00:00:00Z","versionnumber":99999}""",
            ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await TestEmulator.ReadJsonAsync(response);
        Assert.Equal("Ann Lee", (string?)row["fullname"]);
        Assert.NotEqual("2001-01-01T00:00:00Z", (string?)row["createdon"]);
        Assert.NotEqual(99999, (long?)row["versionnumber"]);
    }

    [Fact]
    public async Task WritingALookupValuePropertyIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("contacts", $$"""{"lastname":"Lee","_parentcustomerid_value":"{{Guid.NewGuid()}}"}""");

        Assert.Equal("CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888"));
    }

    [Fact]
    public async Task BindingAnUndeclaredNavigationPropertyIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var account = await Rows.CreateAccountAsync(emulator, "A");

        using var response = await emulator.PostAsync("contacts", $$"""{"lastname":"Lee","parentcustomerid@odata.bind":"/accounts({{account}})"}""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19");
        Assert.Contains("An undeclared property 'parentcustomerid' which only has property annotations in the payload", message);
    }

    [Fact]
    public async Task InstanceAnnotationsInTheBodyAreIgnored()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts", """{"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.etag":"W/\"1\"","name":"A"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task AnEmptyStringIsStoredAsNull()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts?$select=telephone1", """{"name":"A","telephone1":""}""", ("Prefer", "return=representation"));

        Assert.Null((await TestEmulator.ReadJsonAsync(response))["telephone1"]);
    }

    [Fact]
    public async Task SettingOnlyTheStateMovesTheRowToThatStatesDefaultStatus()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = await Rows.CreateAccountAsync(emulator, "A");

        (await emulator.PatchAsync($"accounts({id})", """{"statecode":1}""")).Dispose();

        var row = await emulator.GetJsonAsync($"accounts({id})?$select=statecode,statuscode");
        Assert.Equal(1, (int?)row["statecode"]);
        Assert.Equal(2, (int?)row["statuscode"]);
    }
}
