namespace CrmSync.CrmSimulator.Tests;

public sealed class PagingTests(SmallDataSetFixture fixture) : IClassFixture<SmallDataSetFixture>
{
    private TestSimulator Simulator => fixture.Simulator;

    public static TheoryData<string, int> StylesAndPageSizes()
    {
        var cases = new TheoryData<string, int>();
        foreach (var style in StylePager.Styles)
        {
            // 50 divides the 250 accounts, 64 does not, 250 is exactly one page and 1000 is more than there are.
            foreach (var size in new[] { 50, 64, 250, 1000 })
            {
                cases.Add(style, size);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(StylesAndPageSizes))]
    public async Task EveryStyleReadsEachAccountOnceInIdOrderAndStopsAtTheLastPage(string style, int pageSize)
    {
        var read = await StylePager.ReadAllAsync(Simulator.Client, style, "accounts", pageSize);

        var expected = Enumerable.Range(1, SmallDataSetFixture.Accounts).Select(index => $"A{index:D7}");
        Assert.Equal(expected, read.Ids);
        Assert.Equal((SmallDataSetFixture.Accounts + pageSize - 1) / pageSize, read.Pages);
    }

    [Theory]
    [MemberData(nameof(StylePager.Styles), MemberType = typeof(StylePager))]
    public async Task EveryStyleReadsEachContactOnceInIdOrder(string style)
    {
        var read = await StylePager.ReadAllAsync(Simulator.Client, style, "contacts", 70);

        Assert.Equal(Enumerable.Range(1, SmallDataSetFixture.Contacts).Select(index => $"C{index:D7}"), read.Ids);
        Assert.Equal(5, read.Pages);
    }

    [Theory]
    [InlineData("api/offset/accounts", "items")]
    [InlineData("api/page/accounts", "data")]
    [InlineData("api/cursor/accounts", "results")]
    [InlineData("api/nexturl/accounts", "records")]
    [InlineData("api/link/accounts", "result")]
    public async Task APageHas100RecordsWhenNoSizeIsGiven(string url, string recordsProperty)
    {
        var body = await Simulator.GetJsonAsync(url);

        Assert.Equal(100, body[recordsProperty]!.AsArray().Count);
    }

    [Fact]
    public async Task TheLinkStyleServesABareArrayWhenAsked()
    {
        using var response = await Simulator.GetAsync("api/link/contacts?sysparm_limit=200&sysparm_offset=200&bare=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(100, records.Count);
        Assert.Equal("C0000201", (string?)records[0]!["id"]);
        Assert.Equal("300", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Null(StylePager.NextLink(response));
    }

    [Fact]
    public async Task TheLinkStyleKeepsBareInItsNextLink()
    {
        using var response = await Simulator.GetAsync("api/link/contacts?sysparm_limit=10&bare=true");

        var next = StylePager.NextLink(response);
        Assert.NotNull(next);
        Assert.Contains("bare=true", next);
        using var following = await Simulator.GetAsync(next);
        Assert.Equal("C0000011", (string?)JsonNode.Parse(await following.Content.ReadAsStringAsync())!.AsArray()[0]!["id"]);
    }

    [Fact]
    public async Task AnOffsetPastTheEndIsAnEmptyLastPage()
    {
        var body = await Simulator.GetJsonAsync("api/page/accounts?page=99&per_page=100");

        Assert.Empty(body["data"]!.AsArray());
        Assert.False((bool)body["info"]!["more_records"]!);
    }

    [Theory]
    [InlineData("api/offset/accounts?limit=0")]
    [InlineData("api/offset/accounts?offset=-1")]
    [InlineData("api/offset/accounts?limit=ten")]
    [InlineData("api/page/accounts?page=0")]
    [InlineData("api/page/accounts?per_page=1.5")]
    [InlineData("api/cursor/accounts?after=not-a-cursor")]
    [InlineData("api/cursor/accounts?after=")]
    [InlineData("api/nexturl/accounts?pageSize=-5")]
    [InlineData("api/nexturl/accounts/next/garbage")]
    [InlineData("api/link/accounts?sysparm_limit=abc")]
    [InlineData("api/link/accounts?bare=maybe")]
    public async Task ABadPagingParameterIsA400Problem(string url)
    {
        using var response = await Simulator.GetAsync(url);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("api/scroll/accounts")]
    [InlineData("api/offset/leads")]
    [InlineData("api/offset/account")]
    [InlineData("api/nexturl/leads/next/MDox")]
    public async Task AnUnknownStyleOrEntityIsA404Problem(string url)
    {
        using var response = await Simulator.GetAsync(url);

        await TestSimulator.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ALargerPageSizeThanTheMaximumIsClamped()
    {
        await using var simulator = await TestSimulator.StartAsync(("Accounts", "120"), ("MaxPageSize", "50"));

        var first = await simulator.GetJsonAsync("api/offset/accounts?limit=80");
        var read = await StylePager.ReadAllAsync(simulator.Client, "cursor", "accounts", 80);

        Assert.Equal(50, first["items"]!.AsArray().Count);
        Assert.Equal(120, read.Ids.Distinct().Count());
        Assert.Equal(3, read.Pages);
    }
}
