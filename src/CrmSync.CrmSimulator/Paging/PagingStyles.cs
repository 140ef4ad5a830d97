using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Paging;

/// <summary>The five paging styles real CRMs use, each with its own parameters and envelope (README.md lists them).</summary>
public static class PagingStyles
{
    public static readonly IReadOnlyList<string> Names = ["offset", "page", "cursor", "nexturl", "link"];

    /// <summary><c>?offset=0&amp;limit=100</c> → <c>{"items":[…],"total":N}</c>.</summary>
    public static async Task<IResult> OffsetAsync(HttpContext context, SimEntity entity, PageServer server)
    {
        var query = context.Request.Query;
        var page = await server.ReadAsync(context, entity, PageParameters.Offset(query, "offset"), PageParameters.Size(query, "limit"));
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            PageServer.WriteRecords(writer, "items", page);
            writer.WriteNumber("total", page.Total);
            writer.WriteEndObject();
        });
    }

    /// <summary><c>?page=1&amp;per_page=100</c> (1-based) → <c>{"data":[…],"info":{"page","per_page","more_records"}}</c>.</summary>
    public static async Task<IResult> PageAsync(HttpContext context, SimEntity entity, PageServer server)
    {
        var query = context.Request.Query;
        var number = PageParameters.Integer(query, "page", 1, minimum: 1, "page must be a whole number of 1 or more (pages count from 1).");
        var perPage = server.Clamp(PageParameters.Size(query, "per_page"));
        var page = await server.ReadAsync(context, entity, (number - 1L) * perPage, perPage);
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            PageServer.WriteRecords(writer, "data", page);
            writer.WriteStartObject("info");
            writer.WriteNumber("page", number);
            writer.WriteNumber("per_page", perPage);
            writer.WriteBoolean("more_records", !page.IsLast);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>HubSpot's: <c>?limit=100&amp;after=…</c> → <c>{"results":[…],"paging":{"next":{"after","link"}}}</c>, no paging on the last page.</summary>
    public static async Task<IResult> CursorAsync(HttpContext context, SimEntity entity, PageServer server)
    {
        var query = context.Request.Query;
        var offset = query.ContainsKey("after")
            ? PageParameters.ReadToken(query["after"], 1, "after is not a cursor this CRM gave out; pass paging.next.after of the previous page unchanged.")[0]
            : 0;
        var page = await server.ReadAsync(context, entity, offset, PageParameters.Size(query, "limit"));
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            PageServer.WriteRecords(writer, "results", page);
            if (!page.IsLast)
            {
                var after = PageParameters.Token(page.NextOffset);
                writer.WriteStartObject("paging");
                writer.WriteStartObject("next");
                writer.WriteString("after", after);
                writer.WriteString("link", $"{page.BaseUrl}/api/cursor/{entity.Plural()}?limit={page.Size}&after={after}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Salesforce's: <c>?pageSize=100</c>, then the relative <c>nextRecordsUrl</c> until <c>done</c>.</summary>
    public static async Task<IResult> NextUrlAsync(HttpContext context, SimEntity entity, PageServer server, string? token = null)
    {
        var (offset, size) = token is null
            ? (0, PageParameters.Size(context.Request.Query, "pageSize"))
            : ReadNextUrlToken(token);
        var page = await server.ReadAsync(context, entity, offset, size);
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("totalSize", page.Total);
            writer.WriteBoolean("done", page.IsLast);
            PageServer.WriteRecords(writer, "records", page);
            if (!page.IsLast)
            {
                writer.WriteString("nextRecordsUrl",
                    $"{context.Request.PathBase}/api/nexturl/{entity.Plural()}/next/{PageParameters.Token(page.NextOffset, page.Size)}");
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>ServiceNow's: <c>?sysparm_limit=100&amp;sysparm_offset=0</c> → <c>{"result":[…]}</c>, the next page in the Link header.</summary>
    public static async Task<IResult> LinkAsync(HttpContext context, SimEntity entity, PageServer server)
    {
        var query = context.Request.Query;
        var bare = PageParameters.Flag(query, "bare");
        var page = await server.ReadAsync(context, entity, PageParameters.Offset(query, "sysparm_offset"), PageParameters.Size(query, "sysparm_limit"));
        var headers = context.Response.Headers;
        headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        if (!page.IsLast)
        {
            var since = query.TryGetValue(PageServer.UpdatedSince, out var value) ? $"&{PageServer.UpdatedSince}={Uri.EscapeDataString(value.ToString())}" : "";
            var next = $"{page.BaseUrl}/api/link/{entity.Plural()}?sysparm_limit={page.Size}&sysparm_offset={page.NextOffset}{(bare ? "&bare=true" : "")}{since}";
            headers.Link = $"<{next}>;rel=\"next\"";
        }

        return server.Json(page, writer =>
        {
            if (bare)
            {
                writer.WriteStartArray();
                PageServer.WriteRecordItems(writer, page);
                writer.WriteEndArray();
                return;
            }

            writer.WriteStartObject();
            PageServer.WriteRecords(writer, "result", page);
            writer.WriteEndObject();
        });
    }

    private static (int Offset, int Size) ReadNextUrlToken(string token)
    {
        var numbers = PageParameters.ReadToken(token, 2, "The next-records token is not one this CRM gave out; follow nextRecordsUrl of the previous page unchanged.");
        return numbers[1] >= 1 ? (numbers[0], numbers[1])
            : throw new PageParameterException("The next-records token is not one this CRM gave out; follow nextRecordsUrl of the previous page unchanged.");
    }
}
