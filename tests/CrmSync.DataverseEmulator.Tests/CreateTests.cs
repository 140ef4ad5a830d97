namespace CrmSync.DataverseEmulator.Tests;

public sealed class CreateTests
{
    [Fact]
    public async Task PostCreatesARowAndAnswers204WithItsGuidUrl()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts", """{"name":"Contoso"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var id = Rows.IdFromEntityId(response);
        Assert.Equal($"{emulator.Client.BaseAddress}accounts({id})", response.Headers.GetValues("OData-EntityId").Single());
        Assert.Equal("Contoso", (string?)(await emulator.GetJsonAsync($"accounts({id})"))["name"]);
    }

    [Fact]
    public async Task PostWithReturnRepresentationAnswers201WithTheRow()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("contacts?$select=fullname", """{"firstname":"Ada","lastname":"Lovelace"}""", ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("return=representation", response.Headers.GetValues("Preference-Applied").Single());
        var body = await TestEmulator.ReadJsonAsync(response);
        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#contacts(fullname)/$entity", (string?)body["@odata.context"]);
        Assert.Equal("Ada Lovelace", (string?)body["fullname"]);
        Assert.Equal(Rows.IdFromEntityId(response), Guid.Parse((string)body["contactid"]!));
    }

    [Fact]
    public async Task PostUsesTheIdTheClientChose()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();

        using var response = await emulator.PostAsync("accounts", $$"""{"accountid":"{{id}}","name":"A"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(id, Rows.IdFromEntityId(response));
    }

    [Fact]
    public async Task PostWithAnExistingIdIs412()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();
        (await emulator.PostAsync("accounts", $$"""{"accountid":"{{id}}","name":"A"}""")).Dispose();

        using var response = await emulator.PostAsync("accounts", $$"""{"accountid":"{{id}}","name":"B"}""");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "0x80040237");
    }

    [Fact]
    public async Task PostWithADuplicateAlternateKeyIs412DuplicateRecordEntityKey()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await Rows.CreateAccountAsync(emulator, "A", sourceId: "dup");

        using var response = await emulator.PostAsync("accounts", """{"name":"B","msdyn_source_crm":2,"msdyn_source_crm_id":"dup"}""");

        var message = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "0x80060892");
        Assert.Equal(
            "A record that has the attribute values Source CRM, Source CRM ID already exists. The entity key Source CRM Key requires that this set of attributes contains unique values. Select unique values and try again.",
            message);
    }

    [Fact]
    public async Task RowsWithoutSourceColumnsDoNotCollideOnTheAlternateKey()
    {
        await using var emulator = await TestEmulator.StartAsync();

        await Rows.CreateAccountAsync(emulator, "A");
        await Rows.CreateAccountAsync(emulator, "B");

        Assert.Equal(2, (await emulator.GetRowsAsync("accounts")).Count);
    }

    [Fact]
    public async Task NewRowsAreActiveAndStampedWithCreatedAndModifiedOn()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var id = await Rows.CreateAccountAsync(emulator, "A");

        var row = await emulator.GetJsonAsync($"accounts({id})");
        Assert.Equal(0, (int?)row["statecode"]);
        Assert.Equal(1, (int?)row["statuscode"]);
        var createdOn = DateTimeOffset.Parse((string)row["createdon"]!);
        Assert.InRange(createdOn, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal((string?)row["createdon"], (string?)row["modifiedon"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", (string)row["createdon"]!);
    }
}
