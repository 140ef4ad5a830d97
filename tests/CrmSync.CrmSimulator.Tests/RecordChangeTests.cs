namespace CrmSync.CrmSimulator.Tests;

public sealed class RecordChangeTests
{
    [Fact]
    public async Task AChangeSetsTheFieldsBumpsTheVersionAndAdvancesUpdatedAt()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var before = (await simulator.GetJsonAsync("simulator/records/accounts/A0000007")).AsObject();

        using var response = await simulator.PostAsync("simulator/records/accounts/A0000007", """{"fields":{"name":"Renamed Ltd"}}""");
        var changed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var read = (await simulator.GetJsonAsync("simulator/records/accounts/A0000007")).AsObject();
        var paged = (await simulator.GetJsonAsync("api/offset/accounts?offset=6&limit=1"))["items"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Renamed Ltd", (string?)changed["name"]);
        Assert.Equal((string?)before["email"], (string?)changed["email"]);
        Assert.Equal(2, (long)changed["version"]!);
        Assert.True(DateTimeOffset.Parse((string)changed["updatedAt"]!) > DateTimeOffset.Parse((string)before["updatedAt"]!));
        Assert.Equal(changed.ToJsonString(), read.ToJsonString());
        Assert.Equal(changed.ToJsonString(), paged.ToJsonString());
    }

    [Fact]
    public async Task EveryChangeIsLoggedWithItsVersion()
    {
        await using var simulator = await TestSimulator.StartAsync();

        (await simulator.PostAsync("simulator/records/contacts/C0000003", """{"fields":{"lastName":"A"}}""")).Dispose();
        (await simulator.PostAsync("simulator/records/contact/C0000003", """{"fields":{"accountId":null}}""")).Dispose();
        (await simulator.PostAsync("simulator/records/accounts/A0000001", """{"fields":{"website":"https://a.example"}}""")).Dispose();
        var changes = (await simulator.GetJsonAsync("simulator/changes")).AsArray();
        var contact = (await simulator.GetJsonAsync("simulator/records/contacts/C0000003")).AsObject();

        Assert.Equal(
            ["contact C0000003 2", "contact C0000003 3", "account A0000001 2"],
            changes.Select(change => $"{change!["entity"]} {change["id"]} {change["version"]}"));
        Assert.Null(contact["accountId"]);
        Assert.Equal("A", (string?)contact["lastName"]);
    }

    [Fact]
    public async Task AContactCanMoveToAnotherExistingAccountOnly()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "5"));

        using var moved = await simulator.PostAsync("simulator/records/contacts/C0000001", """{"fields":{"accountId":"A0000005"}}""");
        using var missing = await simulator.PostAsync("simulator/records/contacts/C0000001", """{"fields":{"accountId":"A0000006"}}""");

        Assert.Equal("A0000005", (string?)JsonNode.Parse(await moved.Content.ReadAsStringAsync())!["accountId"]);
        await TestSimulator.AssertProblemAsync(missing, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"fields":{"nickname":"x"}}""")]
    [InlineData("""{"fields":{"name":42}}""")]
    [InlineData("""{"fields":{}}""")]
    [InlineData("""{"name":"x"}""")]
    [InlineData("""[1,2]""")]
    public async Task AChangeThatNamesNoValidFieldIsA400Problem(string body)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.PostAsync("simulator/records/accounts/A0000001", body);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await simulator.GetJsonAsync("simulator/changes")).AsArray());
    }

    [Theory]
    [InlineData("accounts/A0001001")]
    [InlineData("accounts/A0000000")]
    [InlineData("accounts/C0000001")]
    [InlineData("accounts/A1")]
    [InlineData("leads/L0000001")]
    public async Task ARecordThatIsNotThereIsA404(string path)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var read = await simulator.GetAsync($"simulator/records/{path}");
        using var change = await simulator.PostAsync($"simulator/records/{path}", """{"fields":{"name":"x"}}""");

        await TestSimulator.AssertProblemAsync(read, HttpStatusCode.NotFound);
        await TestSimulator.AssertProblemAsync(change, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ResetBringsBackTheGeneratedRecords()
    {
        await using var simulator = await TestSimulator.StartAsync();
        var generated = (await simulator.GetJsonAsync("simulator/records/accounts/A0000002")).ToJsonString();
        (await simulator.PostAsync("simulator/records/accounts/A0000002", """{"fields":{"name":"x"}}""")).Dispose();

        await simulator.ControlAsync("reset");

        Assert.Equal(generated, (await simulator.GetJsonAsync("simulator/records/accounts/A0000002")).ToJsonString());
        Assert.Empty((await simulator.GetJsonAsync("simulator/changes")).AsArray());
    }
}
