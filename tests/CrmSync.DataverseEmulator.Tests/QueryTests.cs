namespace CrmSync.DataverseEmulator.Tests;

public sealed class QueryTests : IAsyncLifetime
{
    private TestEmulator emulator = null!;
    private Guid parentId;

    public async Task InitializeAsync()
    {
        emulator = await TestEmulator.StartAsync();
        parentId = await Rows.CreateAccountAsync(emulator, "Parent");
        var accounts = new[]
        {
            """{"name":"Alpha","numberofemployees":10,"revenue":1000.5,"address1_city":"Oslo","msdyn_source_crm":2,"msdyn_source_crm_id":"a"}""",
            """{"name":"Beta","numberofemployees":20,"revenue":2000,"address1_city":"Bergen","msdyn_source_crm":3,"msdyn_source_crm_id":"b"}""",
            """{"name":"Gamma","numberofemployees":30,"address1_city":"Oslo","msdyn_source_crm":2,"msdyn_source_crm_id":"c"}""",
            """{"name":"Delta 50%_off","numberofemployees":40,"msdyn_source_crm":192350000,"msdyn_source_crm_id":"d"}""",
        };
        foreach (var body in accounts)
        {
            (await emulator.PostAsync("accounts", body)).Dispose();
        }

        (await emulator.PostAsync("contacts", $$"""{"firstname":"Ann","lastname":"Lee","parentcustomerid_account@odata.bind":"/accounts({{parentId}})"}""")).Dispose();
        (await emulator.PostAsync("contacts", """{"firstname":"Bob","lastname":"Lee","birthdate":"1990-05-01"}""")).Dispose();
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Theory]
    [InlineData("name eq 'Alpha'", "Alpha")]
    [InlineData("name eq 'alpha'", "Alpha")]
    [InlineData("name ne 'Alpha' and numberofemployees ne null", "Beta,Gamma,Delta 50%_off")]
    [InlineData("numberofemployees gt 20", "Gamma,Delta 50%_off")]
    [InlineData("numberofemployees ge 20", "Beta,Gamma,Delta 50%_off")]
    [InlineData("numberofemployees lt 20", "Alpha")]
    [InlineData("numberofemployees le 20", "Alpha,Beta")]
    [InlineData("30 le numberofemployees", "Gamma,Delta 50%_off")]
    [InlineData("revenue gt 1000.25", "Alpha,Beta")]
    [InlineData("address1_city eq 'Oslo' and numberofemployees gt 10", "Gamma")]
    [InlineData("address1_city eq 'Bergen' or numberofemployees eq 40", "Beta,Delta 50%_off")]
    [InlineData("(name eq 'Alpha' or name eq 'Beta') and address1_city eq 'Oslo'", "Alpha")]
    [InlineData("not (address1_city eq 'Oslo') and numberofemployees gt 0", "Beta")]
    [InlineData("address1_city eq null", "Parent,Delta 50%_off")]
    [InlineData("address1_city ne null", "Alpha,Beta,Gamma")]
    [InlineData("startswith(name,'al')", "Alpha")]
    [InlineData("endswith(name,'TA')", "Beta")]
    [InlineData("contains(name,'amm')", "Gamma")]
    [InlineData("contains(name,'50%_')", "Delta 50%_off")]
    [InlineData("not contains(name,'a')", "")]
    [InlineData("msdyn_source_crm eq 2 and msdyn_source_crm_id eq 'c'", "Gamma")]
    [InlineData("msdyn_source_crm eq 192350000", "Delta 50%_off")]
    public async Task FilterSelectsTheMatchingRows(string filter, string expected)
    {
        var rows = await emulator.GetRowsAsync($"accounts?$select=name&$filter={Uri.EscapeDataString(filter)}&$orderby=numberofemployees asc,name");

        var names = rows.Select(row => (string)row!["name"]!).ToHashSet();
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), names);
    }

    [Fact]
    public async Task FilterByPrimaryKeyGuid()
    {
        var rows = await emulator.GetRowsAsync($"accounts?$select=name&$filter=accountid eq {parentId.ToString().ToUpperInvariant()}");

        Assert.Equal("Parent", (string?)Assert.Single(rows)!["name"]);
    }

    [Fact]
    public async Task FilterByLookupValueFindsTheChildren()
    {
        var children = await emulator.GetRowsAsync($"contacts?$select=firstname,_parentcustomerid_value&$filter=_parentcustomerid_value eq {parentId}");
        var orphans = await emulator.GetRowsAsync("contacts?$select=firstname&$filter=_parentcustomerid_value eq null");

        var child = Assert.Single(children)!;
        Assert.Equal("Ann", (string?)child["firstname"]);
        Assert.Equal(parentId, Guid.Parse((string)child["_parentcustomerid_value"]!));
        Assert.Equal("Bob", (string?)Assert.Single(orphans)!["firstname"]);
    }

    [Fact]
    public async Task FilterByDatesCompareAsDates()
    {
        var born = await emulator.GetRowsAsync("contacts?$select=firstname&$filter=birthdate lt 2000-01-01");
        var recent = await emulator.GetRowsAsync($"contacts?$select=firstname&$filter=modifiedon ge {DateTime.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}");

        Assert.Equal("Bob", (string?)Assert.Single(born)!["firstname"]);
        Assert.Equal(2, recent.Count);
    }

    [Fact]
    public async Task FilterByComputedFullName()
    {
        var rows = await emulator.GetRowsAsync("contacts?$select=fullname&$filter=fullname eq 'Ann Lee'");

        Assert.Single(rows);
    }

    [Fact]
    public async Task OrderBySeveralColumnsBothWays()
    {
        var rows = await emulator.GetRowsAsync("accounts?$select=name&$filter=numberofemployees ne null&$orderby=address1_city desc,numberofemployees desc");

        Assert.Equal(["Gamma", "Alpha", "Beta", "Delta 50%_off"], rows.Select(row => (string)row!["name"]!));
    }

    [Fact]
    public async Task TopLimitsTheRowsWithoutANextLink()
    {
        var body = await emulator.GetJsonAsync("accounts?$select=name&$orderby=name&$top=2");

        Assert.Equal(["Alpha", "Beta"], ((JsonArray)body["value"]!).Select(row => (string)row!["name"]!));
        Assert.False(body.ContainsKey("@odata.nextLink"));
    }

    [Fact]
    public async Task CountReturnsTheNumberOfMatchingRows()
    {
        var body = await emulator.GetJsonAsync("accounts?$select=name&$filter=address1_city eq 'Oslo'&$count=true&$top=1");

        Assert.Equal(2, (int?)body["@odata.count"]);
        Assert.Single((JsonArray)body["value"]!);
        Assert.Equal(["@odata.context", "@odata.count", "value"], body.Select(property => property.Key));
    }

    [Fact]
    public async Task CollectionRowsCarryTheirETagAndPrimaryKey()
    {
        var body = await emulator.GetJsonAsync("contacts?$select=lastname");

        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#contacts(lastname)", (string?)body["@odata.context"]);
        foreach (var row in (JsonArray)body["value"]!)
        {
            Assert.Equal(["@odata.etag", "lastname", "contactid"], row!.AsObject().Select(property => property.Key));
        }
    }

    [Fact]
    public async Task SkipIsRefusedWith400()
    {
        using var response = await emulator.SendAsync(HttpMethod.Get, "accounts?$skip=2");

        Assert.Equal("The query parameter $skip is not supported", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0"));
    }

    [Theory]
    [InlineData("Name eq 'x'", "0x0", "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.")]
    [InlineData("parentaccountid eq null", "0x0", "Could not find a property named 'parentaccountid' on type 'Microsoft.Dynamics.CRM.account'.")]
    [InlineData("name eq 5", "0x80060888", "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'.")]
    [InlineData("numberofemployees gt 'x'", "0x80060888", "A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'GreaterThan'.")]
    [InlineData("accountid eq 'not-a-guid'", "0x80060888", "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.")]
    [InlineData("name eq 'x' and", "0x80060888", "Syntax error at position 15 in 'name eq 'x' and'.")]
    [InlineData("(name eq 'x'", "0x80060888", "Syntax error at position 12 in '(name eq 'x''.")]
    [InlineData("name eq 'open", "0x80060888", "There is an unterminated string literal at position 8 in 'name eq 'open'.")]
    [InlineData("substringof('x',name)", "0x80060888", "An unknown function with name 'substringof' was found.")]
    public async Task BadFiltersAre400(string filter, string code, string message)
    {
        using var response = await emulator.SendAsync(HttpMethod.Get, $"accounts?$filter={Uri.EscapeDataString(filter)}");

        Assert.Equal(message, await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, code));
    }

    [Fact]
    public async Task ExpandIsRefusedRatherThanSilentlyIgnored()
    {
        using var response = await emulator.SendAsync(HttpMethod.Get, "contacts?$expand=parentcustomerid_account($select=name)");

        Assert.Equal("The Dataverse emulator does not implement $expand.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888"));
    }

    [Fact]
    public async Task OrderByAnUnknownColumnIs400()
    {
        using var response = await emulator.SendAsync(HttpMethod.Get, "accounts?$orderby=bogus desc");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x0");
    }
}
