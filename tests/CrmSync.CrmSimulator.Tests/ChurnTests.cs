namespace CrmSync.CrmSimulator.Tests;

public sealed class ChurnTests
{
    [Fact]
    public async Task WithChurnEveryPageServedChangesThatManyRecordsOfItsEntity()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "100"), ("Contacts", "1000"));
        await simulator.ControlAsync("churn", """{"entity":"contact","perPage":5}""");

        var read = await StylePager.ReadAllAsync(simulator.Client, "nexturl", "contacts", 100);
        (await StylePager.ReadAllAsync(simulator.Client, "nexturl", "accounts", 100)).Ids.ToList();
        var changes = (await simulator.GetJsonAsync("simulator/changes")).AsArray();

        Assert.Equal(1000, read.Ids.Distinct().Count());
        Assert.Equal(50, changes.Count);
        Assert.All(changes, change => Assert.Equal("contact", (string?)change!["entity"]));
        Assert.True(changes.Select(change => (string?)change!["id"]).Distinct().Count() > 10, "churn should spread over the records");
        var newest = changes.GroupBy(change => (string)change!["id"]!).Select(group => (Id: group.Key, Version: group.Max(change => (long)change!["version"]!)));
        foreach (var (id, version) in newest)
        {
            var record = await simulator.GetJsonAsync($"simulator/records/contacts/{id}");
            Assert.Equal(version, (long)record["version"]!);
            Assert.EndsWith($" v{version}", (string?)record["lastName"]);
        }
    }

    [Fact]
    public async Task ChurnStopsAtZeroPerPage()
    {
        await using var simulator = await TestSimulator.StartAsync();
        await simulator.ControlAsync("churn", """{"entity":"account","perPage":3}""");
        (await simulator.GetAsync("api/offset/accounts")).Dispose();

        await simulator.ControlAsync("churn", """{"entity":"account","perPage":0}""");
        (await simulator.GetAsync("api/offset/accounts")).Dispose();

        Assert.Equal(3, (await simulator.GetJsonAsync("simulator/changes")).AsArray().Count);
    }

    [Fact]
    public async Task TheSameSeedChurnsTheSameRecords()
    {
        await using var first = await TestSimulator.StartAsync();
        await using var second = await TestSimulator.StartAsync();

        var runs = new List<string>();
        foreach (var simulator in new[] { first, second })
        {
            await simulator.ControlAsync("churn", """{"entity":"contact","perPage":4}""");
            await StylePager.ReadAllAsync(simulator.Client, "page", "contacts", 500);
            runs.Add((await simulator.GetJsonAsync("simulator/changes")).ToJsonString());
        }

        Assert.Equal(runs[0], runs[1]);
    }

    [Theory]
    [InlineData("""{"entity":"lead","perPage":5}""")]
    [InlineData("""{"entity":"contact","perPage":-1}""")]
    [InlineData("""{"entity":"contact"}""")]
    public async Task ChurnWithoutAnEntityAndACountIsA400Problem(string body)
    {
        await using var simulator = await TestSimulator.StartAsync();

        using var response = await simulator.PostAsync("simulator/churn", body);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
