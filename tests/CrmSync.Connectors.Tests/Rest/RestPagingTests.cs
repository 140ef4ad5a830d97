using System.Text;
using System.Text.Json;
using CrmSync.Connectors.Rest;

namespace CrmSync.Connectors.Tests.Rest;

public class RestPagingTests
{
    [Theory]
    [InlineData("<https://crm.example.com/p2>; rel=\"next\"", "https://crm.example.com/p2")]
    [InlineData("<https://crm.example.com/p1>; rel=\"prev\", <https://crm.example.com/p3>; rel=\"next\"", "https://crm.example.com/p3")]
    [InlineData("<https://crm.example.com/p9>;rel=\"last\",<https://crm.example.com/p2?a=1,2>;rel=next", "https://crm.example.com/p2?a=1,2")]
    [InlineData("<https://crm.example.com/p2>; title=\"a, b\"; rel=\"prefetch next\"", "https://crm.example.com/p2")]
    public void FindsTheNextLinkAmongOthers(string header, string expected) =>
        Assert.Equal(expected, RestPaging.NextLink(Page("[]", header)));

    [Theory]
    [InlineData("<https://crm.example.com/p1>; rel=\"prev\"")]
    [InlineData("<https://crm.example.com/p1>; rel=\"nextpage\"")]
    [InlineData("")]
    public void HasNoNextLinkWithoutRelNext(string header) =>
        Assert.Null(RestPaging.NextLink(Page("[]", header)));

    [Fact]
    public void ResolvesARelativeLinkAgainstThePage()
    {
        var target = Target(RestPagingStyle.LinkHeader);
        Assert.Equal("https://crm.example.com/api/accounts?p=2", Next(target, "[{}]", "<accounts?p=2>; rel=\"next\""));
    }

    [Fact]
    public void RefusesANextPageOnAnotherOrigin()
    {
        var target = Target(RestPagingStyle.LinkHeader);
        var refused = Assert.Throws<SourceReadException>(() => Next(target, "[{}]", "<https://elsewhere.example.com/p2>; rel=\"next\""));
        Assert.Contains("https://crm.example.com", refused.Message);
        Assert.Contains("credentials", refused.Message);
    }

    [Fact]
    public void RefusesACursorThatPointsToItsOwnPage()
    {
        var target = Target(RestPagingStyle.Cursor);
        var refused = Assert.Throws<SourceReadException>(() => RestPaging.NextCursor(target, "abc", Page("""{"next":"abc"}"""), Root("""{"next":"abc"}"""), 1, null));
        Assert.Contains("CrmSync:Sources:demo:Entities:account:Paging", refused.Message);
    }

    [Theory]
    [InlineData(null, 100, null, "100")]
    [InlineData("200", 100, null, "300")]
    [InlineData("200", 99, null, null)]
    [InlineData("200", 0, null, null)]
    [InlineData("200", 40, 500L, "240")]
    [InlineData("400", 100, 500L, null)]
    public void OffsetCursorMovesByTheRecordsRead(string? cursor, int count, long? total, string? expected)
    {
        var target = Target(RestPagingStyle.Offset);
        Assert.Equal(expected, RestPaging.NextCursor(target, cursor, Page("{}"), Root("{}"), count, total));
    }

    [Fact]
    public void ACursorOfAnotherStyleAsksToStartOver()
    {
        var refused = Assert.Throws<SourceReadException>(() => RestPaging.RequestFor(Target(RestPagingStyle.Page), "https://crm.example.com/p2"));
        Assert.Contains("start the job over", refused.Message);
    }

    [Fact]
    public void PathIsAppendedToBaseUrlWithItsOwnQuery()
    {
        var target = Target(RestPagingStyle.Offset) with { Settings = Settings(RestPagingStyle.Offset, "/accounts?fields=all") };
        Assert.Equal("https://crm.example.com/api/accounts?fields=all&offset=0&limit=100", RestPaging.RequestFor(target, null).AbsoluteUri);
    }

    private static string? Next(RestEntity target, string body, string link) =>
        RestPaging.NextCursor(target, null, Page(body, link), Root(body), 1, null);

    private static RestEntity Target(RestPagingStyle style) =>
        new("demo", "account", new RestSourceOptions { BaseUrl = "https://crm.example.com/api" }, Settings(style, "accounts"));

    private static RestEntityOptions Settings(RestPagingStyle style, string path) => new()
    {
        Path = path,
        Id = "id",
        Version = "version",
        Paging = new RestPagingOptions
        {
            Style = style.ToString(),
            OffsetParam = "offset",
            PageParam = "page",
            PageSizeParam = "limit",
            CursorParam = "after",
            CursorPath = "$.next",
        },
    };

    private static FetchedPage Page(string body, string? link = null) =>
        new(new Uri("https://crm.example.com/api/accounts?p=1"), Encoding.UTF8.GetBytes(body), link is null or "" ? [] : [link]);

    private static JsonElement Root(string body) => JsonDocument.Parse(body).RootElement;
}
