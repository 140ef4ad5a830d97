namespace CrmSync.CrmSimulator.Tests;

/// <summary>Everything one pass through an entity read: the records in order and how many pages it took.</summary>
public sealed record PagedRead(IReadOnlyList<JsonObject> Records, int Pages)
{
    public IReadOnlyList<string> Ids => [.. Records.Select(record => (string)record["id"]!)];
}

/// <summary>
/// Reads every page of an entity the way a client of each style must: by the envelope's own end-of-data signal
/// (total, more_records, absent paging, done, absent Link), following the links the simulator gives.
/// </summary>
public static class StylePager
{
    public static readonly TheoryData<string> Styles = new("offset", "page", "cursor", "nexturl", "link");

    private const int MaxPages = 10_000;

    public static Task<PagedRead> ReadAllAsync(HttpClient client, string style, string entity, int pageSize) => style switch
    {
        "offset" => ReadOffsetAsync(client, entity, pageSize),
        "page" => ReadPageNumbersAsync(client, entity, pageSize),
        "cursor" => ReadCursorAsync(client, entity, pageSize),
        "nexturl" => ReadNextUrlAsync(client, entity, pageSize),
        "link" => ReadLinkAsync(client, entity, pageSize),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "No such paging style."),
    };

    private static async Task<PagedRead> ReadOffsetAsync(HttpClient client, string entity, int limit)
    {
        var records = new List<JsonObject>();
        var pages = 0;
        for (var total = int.MaxValue; records.Count < total && pages < MaxPages; pages++)
        {
            var body = await GetObjectAsync(client, $"api/offset/{entity}?offset={records.Count}&limit={limit}");
            total = (int)body["total"]!;
            var items = Records(body["items"]);
            Assert.NotEmpty(items);
            records.AddRange(items);
        }

        return new PagedRead(records, pages);
    }

    private static async Task<PagedRead> ReadPageNumbersAsync(HttpClient client, string entity, int perPage)
    {
        var records = new List<JsonObject>();
        var page = 1;
        for (var more = true; more && page <= MaxPages; page++)
        {
            var body = await GetObjectAsync(client, $"api/page/{entity}?page={page}&per_page={perPage}");
            Assert.Equal(page, (int)body["info"]!["page"]!);
            more = (bool)body["info"]!["more_records"]!;
            records.AddRange(Records(body["data"]));
        }

        return new PagedRead(records, page - 1);
    }

    private static async Task<PagedRead> ReadCursorAsync(HttpClient client, string entity, int limit)
    {
        var records = new List<JsonObject>();
        var pages = 0;
        for (string? url = $"api/cursor/{entity}?limit={limit}"; url is not null && pages < MaxPages; pages++)
        {
            var body = await GetObjectAsync(client, url);
            records.AddRange(Records(body["results"]));
            var next = body["paging"]?["next"];
            Assert.True(next is null || Uri.IsWellFormedUriString((string?)next["link"], UriKind.Absolute));
            Assert.True(next is null || ((string)next["link"]!).EndsWith($"after={(string)next["after"]!}", StringComparison.Ordinal));
            url = (string?)next?["link"];
        }

        return new PagedRead(records, pages);
    }

    private static async Task<PagedRead> ReadNextUrlAsync(HttpClient client, string entity, int pageSize)
    {
        var records = new List<JsonObject>();
        var pages = 0;
        for (string? url = $"api/nexturl/{entity}?pageSize={pageSize}"; url is not null && pages < MaxPages; pages++)
        {
            var body = await GetObjectAsync(client, url);
            records.AddRange(Records(body["records"]));
            var next = (string?)body["nextRecordsUrl"];
            Assert.Equal(next is null, (bool)body["done"]!);
            Assert.True(next is null || next.StartsWith("/api/nexturl/", StringComparison.Ordinal));
            url = next;
        }

        return new PagedRead(records, pages);
    }

    private static async Task<PagedRead> ReadLinkAsync(HttpClient client, string entity, int limit)
    {
        var records = new List<JsonObject>();
        var pages = 0;
        for (string? url = $"api/link/{entity}?sysparm_limit={limit}&sysparm_offset=0"; url is not null && pages < MaxPages; pages++)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(int.Parse(response.Headers.GetValues("X-Total-Count").Single()) > 0);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            records.AddRange(Records(body["result"]));
            url = NextLink(response);
        }

        return new PagedRead(records, pages);
    }

    /// <summary>The target of <c>rel="next"</c> in the Link header, or null when there is none.</summary>
    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var next = values.SelectMany(value => value.Split(',')).SingleOrDefault(link => link.Contains("rel=\"next\"", StringComparison.Ordinal));
        return next is null ? null : next[(next.IndexOf('<') + 1)..next.IndexOf('>')];
    }

    private static async Task<JsonObject> GetObjectAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static List<JsonObject> Records(JsonNode? array) => [.. array!.AsArray().Select(record => record!.AsObject())];
}
