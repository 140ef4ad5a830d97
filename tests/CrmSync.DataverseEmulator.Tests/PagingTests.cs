namespace CrmSync.DataverseEmulator.Tests;

public sealed class PagingTests
{
    [Fact]
    public async Task MaxPageSizePagesThroughEveryRowOnceByNextLink()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await CreateAccountsAsync(emulator, 25);
        var prefer = ("Prefer", "odata.maxpagesize=10");
        var seen = new List<string>();
        var pages = 0;
        string? url = "accounts?$select=name&$filter=startswith(name,'Account')&$orderby=name desc";

        while (url is not null)
        {
            using var response = await emulator.SendAsync(HttpMethod.Get, url, null, prefer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("odata.maxpagesize=10", response.Headers.GetValues("Preference-Applied").Single());
            var body = await TestEmulator.ReadJsonAsync(response);
            seen.AddRange(((JsonArray)body["value"]!).Select(row => (string)row!["name"]!));
            url = (string?)body["@odata.nextLink"];
            if (url is not null)
            {
                Assert.StartsWith($"{emulator.Client.BaseAddress}accounts?$select=name&$filter=", url);
                Assert.Contains("&$skiptoken=", url);
            }

            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(index => $"Account {index:D3}").OrderDescending(), seen);
    }

    [Fact]
    public async Task RowsWrittenBetweenPagesAreNotServedTwice()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await CreateAccountsAsync(emulator, 6);
        var prefer = ("Prefer", "odata.maxpagesize=3");
        var first = await emulator.GetJsonAsync("accounts?$select=name&$orderby=name", prefer);
        await Rows.CreateAccountAsync(emulator, "Account 000a");

        var second = await emulator.GetJsonAsync((string)first["@odata.nextLink"]!, prefer);

        var names = ((JsonArray)first["value"]!).Concat((JsonArray)second["value"]!).Select(row => (string)row!["name"]!).ToList();
        Assert.Equal(names.Distinct(), names);
        Assert.Equal(["Account 003", "Account 004", "Account 005"], ((JsonArray)second["value"]!).Select(row => (string)row!["name"]!));
    }

    [Fact]
    public async Task PagingWorksWhenTheOrderColumnHasNulls()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await CreateAccountsAsync(emulator, 4);
        await CreateAccountsAsync(emulator, 4, city: "Oslo", prefix: "City");
        var all = new List<string>();
        string? url = "accounts?$select=name&$orderby=address1_city desc";

        while (url is not null)
        {
            var body = await emulator.GetJsonAsync(url, ("Prefer", "odata.maxpagesize=3"));
            all.AddRange(((JsonArray)body["value"]!).Select(row => (string)row!["name"]!));
            url = (string?)body["@odata.nextLink"];
        }

        Assert.Equal(8, all.Distinct().Count());
        Assert.All(all.Take(4), name => Assert.StartsWith("City", name));
    }

    [Fact]
    public async Task TheDefaultPageIsTheMaximumPageSize()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:MaxPageSize"] = "5" });
        await CreateAccountsAsync(emulator, 7);

        using var response = await emulator.SendAsync(HttpMethod.Get, "accounts?$count=true");
        var body = await TestEmulator.ReadJsonAsync(response);
        var next = await emulator.GetJsonAsync((string)body["@odata.nextLink"]!);

        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.Equal(5, ((JsonArray)body["value"]!).Count);
        Assert.Equal(7, (int?)body["@odata.count"]);
        Assert.Equal(2, ((JsonArray)next["value"]!).Count);
        Assert.False(next.ContainsKey("@odata.nextLink"));
    }

    [Fact]
    public async Task APageSizeAboveTheMaximumIsIgnored()
    {
        await using var emulator = await TestEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:MaxPageSize"] = "5" });
        await CreateAccountsAsync(emulator, 7);

        using var response = await emulator.SendAsync(HttpMethod.Get, "accounts", null, ("Prefer", "odata.maxpagesize=50"));

        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.Equal(5, ((JsonArray)(await TestEmulator.ReadJsonAsync(response))["value"]!).Count);
    }

    [Fact]
    public async Task TopIsIgnoredWhenAPageSizeIsPreferred()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await CreateAccountsAsync(emulator, 5);

        var body = await emulator.GetJsonAsync("accounts?$top=1", ("Prefer", "odata.maxpagesize=3"));

        Assert.Equal(3, ((JsonArray)body["value"]!).Count);
        Assert.True(body.ContainsKey("@odata.nextLink"));
    }

    [Fact]
    public async Task ATamperedSkipTokenIs400()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var response = await emulator.SendAsync(HttpMethod.Get, "accounts?$skiptoken=garbage");

        await TestEmulator.AssertErrorAsync(response, HttpStatusCode.BadRequest, "0x80060888");
    }

    private static async Task CreateAccountsAsync(TestEmulator emulator, int count, string? city = null, string prefix = "Account")
    {
        for (var index = 0; index < count; index++)
        {
            var body = new JsonObject { ["name"] = $"{prefix} {index:D3}", ["address1_city"] = city };
            (await emulator.PostAsync("accounts", body.ToJsonString())).Dispose();
        }
    }
}
