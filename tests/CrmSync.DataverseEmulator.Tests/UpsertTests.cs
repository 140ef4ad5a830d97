namespace CrmSync.DataverseEmulator.Tests;

public sealed class UpsertTests
{
    [Fact]
    public async Task PatchByPrimaryKeyCreatesThenUpdatesWith204()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();

        using var created = await emulator.PatchAsync($"accounts({id})", """{"name":"Contoso"}""");
        using var updated = await emulator.PatchAsync($"accounts({id})", """{"telephone1":"555"}""");

        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        Assert.Equal($"{emulator.Client.BaseAddress}accounts({id})", updated.Headers.GetValues("OData-EntityId").Single());
        var row = await emulator.GetJsonAsync($"accounts({id})?$select=name,telephone1");
        Assert.Equal("Contoso", (string?)row["name"]);
        Assert.Equal("555", (string?)row["telephone1"]);
    }

    [Fact]
    public async Task PatchByAlternateKeyCreatesThenUpdates()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var url = Rows.AccountByKey("sn-1");

        using var created = await emulator.PatchAsync(url, """{"name":"First"}""");
        using var updated = await emulator.PatchAsync(url, """{"name":"Second"}""");

        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        // Both answers carry the key URL the request used, not the GUID URL.
        Assert.Equal($"{emulator.Client.BaseAddress}{url}", created.Headers.GetValues("OData-EntityId").Single());
        Assert.Equal($"{emulator.Client.BaseAddress}{url}", updated.Headers.GetValues("OData-EntityId").Single());
        var rows = await emulator.GetRowsAsync("accounts?$select=name,msdyn_source_crm,msdyn_source_crm_id");
        var row = Assert.Single(rows)!;
        Assert.Equal("Second", (string?)row["name"]);
        Assert.Equal(2, (int?)row["msdyn_source_crm"]);
        Assert.Equal("sn-1", (string?)row["msdyn_source_crm_id"]);
    }

    [Fact]
    public async Task PatchByAlternateKeyCreateLetsKeyValuesInTheBodyWin()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync(Rows.AccountByKey("url-id"), """{"name":"A","msdyn_source_crm_id":"body-id"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = Assert.Single(await emulator.GetRowsAsync("accounts?$select=msdyn_source_crm,msdyn_source_crm_id"))!;
        Assert.Equal("body-id", (string?)row["msdyn_source_crm_id"]);
        Assert.Equal(2, (int?)row["msdyn_source_crm"]);
    }

    [Fact]
    public async Task PatchByAlternateKeyUpdateIgnoresKeyColumnsInTheBody()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var url = Rows.AccountByKey("kept");
        (await emulator.PatchAsync(url, """{"name":"A"}""")).Dispose();

        using var response = await emulator.PatchAsync(url, """{"name":"B","msdyn_source_crm_id":"changed","msdyn_source_crm":3}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = Assert.Single(await emulator.GetRowsAsync("accounts?$select=name,msdyn_source_crm,msdyn_source_crm_id"))!;
        Assert.Equal("B", (string?)row["name"]);
        Assert.Equal("kept", (string?)row["msdyn_source_crm_id"]);
        Assert.Equal(2, (int?)row["msdyn_source_crm"]);
    }

    [Fact]
    public async Task PatchWithReturnRepresentationAnswers201ThenThe200WithSelectedColumns()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();
        var prefer = ("Prefer", "return=representation");

        using var created = await emulator.PatchAsync($"accounts({id})?$select=name", """{"name":"A"}""", prefer);
        using var updated = await emulator.PatchAsync($"accounts({id})?$select=name", """{"name":"B"}""", prefer);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("return=representation", updated.Headers.GetValues("Preference-Applied").Single());
        var body = await TestEmulator.ReadJsonAsync(updated);
        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#accounts(name)/$entity", (string?)body["@odata.context"]);
        Assert.Equal(updated.Headers.ETag!.ToString(), (string?)body["@odata.etag"]);
        Assert.Equal("B", (string?)body["name"]);
        Assert.Equal(id, Guid.Parse((string)body["accountid"]!));
        Assert.Equal(["@odata.context", "@odata.etag", "name", "accountid"], body.Select(property => property.Key));
        Assert.NotEqual(created.Headers.ETag, updated.Headers.ETag);
    }

    [Fact]
    public async Task PatchWithIfMatchStarOnMissingRowIsNotFoundAndCreatesNothing()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();

        using var byId = await emulator.PatchAsync($"accounts({id})", """{"name":"A"}""", ("If-Match", "*"));
        using var byKey = await emulator.PatchAsync(Rows.AccountByKey("nobody"), """{"name":"A"}""", ("If-Match", "*"));

        var message = await TestEmulator.AssertErrorAsync(byId, HttpStatusCode.NotFound, "0x80040217");
        Assert.Equal($"account With Id = {id} Does Not Exist", message);
        message = await TestEmulator.AssertErrorAsync(byKey, HttpStatusCode.NotFound, "0x80060891");
        Assert.Equal("A record with the specified key values does not exist in account entity", message);
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task PatchWithIfMatchStarUpdatesAnExistingRow()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var url = Rows.AccountByKey("x");
        (await emulator.PatchAsync(url, """{"name":"A"}""")).Dispose();

        using var response = await emulator.PatchAsync(url, """{"name":"B"}""", ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("B", (string?)(await emulator.GetJsonAsync($"{url}?$select=name"))["name"]);
    }

    [Fact]
    public async Task PatchWithIfNoneMatchStarOnExistingRowIs412DuplicateRecord()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var url = Rows.AccountByKey("x");
        using var created = await emulator.PatchAsync(url, """{"name":"A"}""", ("If-None-Match", "*"));

        using var response = await emulator.PatchAsync(url, """{"name":"B"}""", ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "0x80040237");
        Assert.Equal("A record with matching key values already exists.", message);
        Assert.Equal("A", (string?)(await emulator.GetJsonAsync($"{url}?$select=name"))["name"]);
    }

    [Fact]
    public async Task PatchWithStaleETagIs412AndWithCurrentETagSucceeds()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();
        using var first = await emulator.PatchAsync($"accounts({id})", """{"name":"A"}""", ("Prefer", "return=representation"));
        var staleETag = first.Headers.ETag!.ToString();
        (await emulator.PatchAsync($"accounts({id})", """{"name":"B"}""")).Dispose();
        var currentETag = (string)(await emulator.GetJsonAsync($"accounts({id})"))["@odata.etag"]!;

        using var stale = await emulator.PatchAsync($"accounts({id})", """{"name":"C"}""", ("If-Match", staleETag));
        var afterStale = await emulator.GetJsonAsync($"accounts({id})");
        using var current = await emulator.PatchAsync($"accounts({id})", """{"name":"D"}""", ("If-Match", currentETag));

        var message = await TestEmulator.AssertErrorAsync(stale, HttpStatusCode.PreconditionFailed, "0x80060882");
        Assert.Equal("The version of the existing record doesn't match the RowVersion property provided.", message);
        Assert.Equal(("B", currentETag), ((string?)afterStale["name"], (string?)afterStale["@odata.etag"]));
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        Assert.Equal("D", (string?)(await emulator.GetJsonAsync($"accounts({id})"))["name"]);
    }

    [Fact]
    public async Task EveryWriteTakesTheNextVersionOfOneCounterAcrossTables()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var prefer = ("Prefer", "return=representation");

        using var account = await emulator.PatchAsync(Rows.AccountByKey("a"), """{"name":"A"}""", prefer);
        using var contact = await emulator.PatchAsync(Rows.ContactByKey("c"), """{"lastname":"C"}""", prefer);
        using var again = await emulator.PatchAsync(Rows.AccountByKey("a"), """{"name":"B"}""", prefer);

        var versions = new[] { account, contact, again }.Select(response => long.Parse(response.Headers.ETag!.Tag.Trim('"'))).ToList();
        Assert.Equal([versions[0], versions[0] + 1, versions[0] + 2], versions);
        Assert.True(versions[0] >= 1);
        var body = await TestEmulator.ReadJsonAsync(again);
        Assert.Equal(versions[2], (long?)body["versionnumber"]);
        Assert.Equal($"W/\"{versions[2]}\"", (string?)body["@odata.etag"]);
    }

    [Fact]
    public async Task PatchThatWouldDuplicateAnotherRowsAlternateKeyIs412()
    {
        await using var emulator = await TestEmulator.StartAsync();
        (await emulator.PatchAsync(Rows.AccountByKey("taken"), """{"name":"A"}""")).Dispose();

        using var response = await emulator.PatchAsync($"accounts({Guid.NewGuid()})", """{"name":"B","msdyn_source_crm":2,"msdyn_source_crm_id":"taken"}""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "0x80060892");
        Assert.Contains("Source CRM, Source CRM ID", message);
        Assert.Single(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task AlternateKeyValuesCompareWithoutRegardToCase()
    {
        await using var emulator = await TestEmulator.StartAsync();
        (await emulator.PatchAsync(Rows.AccountByKey("ABC"), """{"name":"A"}""")).Dispose();

        using var response = await emulator.PatchAsync(Rows.AccountByKey("abc"), """{"name":"B"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("B", (string?)Assert.Single(await emulator.GetRowsAsync("accounts?$select=name"))!["name"]);
    }

    [Theory]
    [InlineData("accounts(msdyn_source_crm=2,msdyn_source_crm_id='a%2Fb')")]
    [InlineData("accounts(msdyn_source_crm=2,msdyn_source_crm_id='a%3Cb')")]
    [InlineData("accounts(msdyn_source_crm=2,msdyn_source_crm_id='50%25')")]
    public async Task PatchWithUnsupportedCharactersInAKeyValueIs400(string url)
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync(url, """{"name":"A"}""");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888");
    }

    [Theory]
    [InlineData("accounts(name='x')")]
    [InlineData("accounts(msdyn_source_crm_id='x')")]
    [InlineData("accounts(msdyn_source_crm='2',msdyn_source_crm_id='x')")]
    [InlineData("accounts(not-a-guid)")]
    public async Task PatchByAKeyThatIsNotDefinedIs400(string url)
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync(url, """{"name":"A"}""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888");
        Assert.StartsWith("The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.account'.", message);
    }

    [Fact]
    public async Task QuotesInAKeyValueAreDoubled()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync("accounts(msdyn_source_crm=2,msdyn_source_crm_id='O''Brien, Ltd')", """{"name":"A"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("O'Brien, Ltd", (string?)Assert.Single(await emulator.GetRowsAsync("accounts?$select=msdyn_source_crm_id"))!["msdyn_source_crm_id"]);
    }

    [Fact]
    public async Task PatchOnTheCollectionIs405()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PatchAsync("accounts", """{"name":"A"}""");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
