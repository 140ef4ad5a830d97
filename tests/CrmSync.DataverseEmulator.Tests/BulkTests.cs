namespace CrmSync.DataverseEmulator.Tests;

public sealed class BulkTests
{
    private const string AccountType = "Microsoft.Dynamics.CRM.account";

    [Fact]
    public async Task CreateMultipleAnswers200WithTheIdsOfTheNewRows()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var given = Guid.NewGuid();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.CreateMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["name"] = "First" },
            new JsonObject { ["@odata.type"] = AccountType, ["name"] = "Second", ["accountid"] = given.ToString() }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestEmulator.ReadJsonAsync(response);
        Assert.Equal($"{emulator.Client.BaseAddress}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse", (string?)body["@odata.context"]);
        var ids = ((JsonArray)body["Ids"]!).Select(id => Guid.Parse((string)id!)).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(given, ids[1]);
        Assert.Equal("First", (string?)(await emulator.GetJsonAsync($"accounts({ids[0]})?$select=name"))["name"]);
        Assert.Equal(2, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
    }

    [Fact]
    public async Task UpdateMultipleAnswers204AndAppliesOnlyTheFirstItemForARow()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var first = await Rows.CreateAccountAsync(emulator, "A");
        var second = await Rows.CreateAccountAsync(emulator, "B");

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpdateMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = first.ToString(), ["name"] = "A1" },
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = second.ToString(), ["name"] = "B1" },
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = first.ToString(), ["name"] = "ignored" }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("A1", (string?)(await emulator.GetJsonAsync($"accounts({first})?$select=name"))["name"]);
        Assert.Equal("B1", (string?)(await emulator.GetJsonAsync($"accounts({second})?$select=name"))["name"]);
    }

    [Fact]
    public async Task UpdateMultipleOfAMissingRowFailsEveryItem()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var existing = await Rows.CreateAccountAsync(emulator, "A");
        var missing = Guid.NewGuid();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpdateMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = existing.ToString(), ["name"] = "changed" },
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = missing.ToString(), ["name"] = "X" }));

        Assert.Equal($"account With Id = {missing} Does Not Exist", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x80040217"));
        Assert.Equal("A", (string?)(await emulator.GetJsonAsync($"accounts({existing})?$select=name"))["name"]);
        Assert.Single(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task UpdateMultipleNeedsThePrimaryKeyInEachItem()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpdateMultiple",
            Targets(new JsonObject { ["@odata.type"] = AccountType, ["name"] = "no id" }));

        Assert.Equal("Entity Id must be specified for Update", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80040203"));
    }

    [Fact]
    public async Task UpsertMultipleCreatesAndUpdatesByODataIdAlternateKeyAndPrimaryKey()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var existing = await Rows.CreateAccountAsync(emulator, "Old", sourceId: "sn-1");
        var byId = Guid.NewGuid();
        var byColumn = Guid.NewGuid();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = Rows.AccountByKey("sn-1"), ["name"] = "Updated" },
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = Rows.AccountByKey("sn-2"), ["name"] = "Created by key" },
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = $"accounts({byId})", ["name"] = "Created by id" },
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = byColumn.ToString(), ["name"] = "Created by column" }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("Updated", (string?)(await emulator.GetJsonAsync($"accounts({existing})?$select=name"))["name"]);
        Assert.Equal("Created by key", (string?)(await emulator.GetJsonAsync($"{Rows.AccountByKey("sn-2")}?$select=name"))["name"]);
        Assert.Equal("Created by id", (string?)(await emulator.GetJsonAsync($"accounts({byId})?$select=name"))["name"]);
        Assert.Equal("Created by column", (string?)(await emulator.GetJsonAsync($"accounts({byColumn})?$select=name"))["name"]);
        Assert.Equal(5, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
    }

    [Theory]
    [InlineData("CreateMultiple")]
    [InlineData("UpdateMultiple")]
    [InlineData("UpsertMultiple")]
    public async Task AnItemWithoutODataTypeFailsTheRequestAndWritesNothing(string message)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var id = Guid.NewGuid();
        (await emulator.PatchAsync($"accounts({id})", """{"name":"Before"}""")).Dispose();

        using var response = await emulator.PostAsync($"accounts/Microsoft.Dynamics.CRM.{message}", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["accountid"] = id.ToString(), ["name"] = "After" },
            new JsonObject { ["accountid"] = id.ToString(), ["name"] = "Untyped" }));

        var error = await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19");
        Assert.Contains("'@odata.type'", error);
        Assert.Equal("Before", (string?)(await emulator.GetJsonAsync($"accounts({id})?$select=name"))["name"]);
    }

    [Fact]
    public async Task AnItemOfAnotherTableFailsTheRequest()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.CreateMultiple",
            Targets(new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.contact", ["lastname"] = "Lee" }));

        Assert.Contains("Microsoft.Dynamics.CRM.contact", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80048d19"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task UpsertMultipleWithTwoItemsForOneKeyFailsTheWholeRequest()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = Rows.AccountByKey("dup"), ["name"] = "One" },
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = Rows.AccountByKey("other"), ["name"] = "Fine" },
            new JsonObject { ["@odata.type"] = AccountType, ["@odata.id"] = Rows.AccountByKey("DUP"), ["name"] = "Two" }));

        Assert.Contains("index 0 and 2", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task OneBadItemFailsCreateMultipleWithItsErrorAndWritesNothing()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.CreateMultiple", Targets(
            new JsonObject { ["@odata.type"] = AccountType, ["name"] = "Good" },
            new JsonObject { ["@odata.type"] = AccountType, ["name"] = new string('x', 161) },
            new JsonObject { ["@odata.type"] = AccountType, ["name"] = "Also good" }));

        Assert.Contains("exceeded the maximum allowed length of '160'", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80044331"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
        Assert.Equal(0, (long)(await emulator.GetStatsAsync())["recordsWritten"]!);
    }

    [Fact]
    public async Task AnItemThatFailsOnlyWhenWrittenRollsBackTheItemsBeforeIt()
    {
        await using var emulator = await TestEmulator.StartAsync();

        // The third item binds a contact to an account that does not exist: only the write can find that out.
        using var response = await emulator.PostAsync("contacts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets(
            new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.contact", ["@odata.id"] = Rows.ContactByKey("c1"), ["lastname"] = "One" },
            new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.contact", ["@odata.id"] = Rows.ContactByKey("c2"), ["lastname"] = "Two" },
            new JsonObject
            {
                ["@odata.type"] = "Microsoft.Dynamics.CRM.contact",
                ["@odata.id"] = Rows.ContactByKey("c3"),
                ["lastname"] = "Three",
                ["parentcustomerid_account@odata.bind"] = Rows.AccountByKey("nobody"),
            }));

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x80060891");
        Assert.Empty(await emulator.GetRowsAsync("contacts"));
    }

    [Fact]
    public async Task UpsertMultipleCreateWithTheKeyAlsoInTheBodyFailsAsDataverseDoes()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets(new JsonObject
        {
            ["@odata.type"] = AccountType,
            ["@odata.id"] = Rows.AccountByKey("k1"),
            ["msdyn_source_crm_id"] = "k1",
            ["name"] = "A",
        }));

        Assert.Equal("An unexpected error occurred.", await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80040216"));
    }

    [Fact]
    public async Task WithBulkMessagesOffTheTablesDoNotSupportThem()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:BulkMessages"] = "false" });

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple",
            Targets(new JsonObject { ["@odata.type"] = AccountType, ["name"] = "A" }));

        Assert.Equal(
            "The 'UpsertMultiple' method does not support entities of type 'account'. MessageProcessorCache returned MessageProcessor.Empty.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80040800"));
        Assert.Empty(await emulator.GetRowsAsync("accounts"));
    }

    [Fact]
    public async Task AnUnknownBoundActionIs404()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.PostAsync("accounts/Microsoft.Dynamics.CRM.DeleteMultiple", Targets());

        Assert.Equal("Resource not found for the segment 'Microsoft.Dynamics.CRM.DeleteMultiple'.",
            await TestEmulator.AssertErrorAsync(response, HttpStatusCode.NotFound, "0x8006088a"));
    }

    private static string Targets(params JsonObject[] items) => new JsonObject { ["Targets"] = new JsonArray(items) }.ToJsonString();
}
