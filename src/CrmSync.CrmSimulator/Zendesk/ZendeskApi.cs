using System.Buffers;
using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// Zendesk's REST API under <c>/zendesk</c> (a source's BaseUrl): <c>GET /api/v2/{organizations|users}.json</c> with
/// cursor pagination (<c>page[size]</c> ≤ 100, <c>page[after]</c>, <c>meta.has_more</c>, <c>links.next</c>) and
/// <c>GET /api/v2/{organizations|users}/show_many.json?ids=</c> (≤ 100 ids). Deleted records are neither listed nor shown;
/// only the incremental export (<see cref="ZendeskIncrementalExport"/>) lists them.
/// </summary>
public static class ZendeskApi
{
    public const string Prefix = "/zendesk";
    public const int MaxIds = 100;

    public static RouteGroupBuilder MapZendeskApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup($"{Prefix}/api/v2");
        api.MapGet("organizations.json", (HttpContext context, RecordStore store, SimulatorStats stats) => List(context, SimEntity.Account, store, stats));
        api.MapGet("users.json", (HttpContext context, RecordStore store, SimulatorStats stats) => List(context, SimEntity.Contact, store, stats));
        api.MapGet("organizations/show_many.json", (HttpContext context, RecordStore store, SimulatorStats stats) => ShowMany(context, SimEntity.Account, store, stats));
        api.MapGet("users/show_many.json", (HttpContext context, RecordStore store, SimulatorStats stats) => ShowMany(context, SimEntity.Contact, store, stats));
        api.MapGet("incremental/organizations.json", (HttpContext context, RecordStore store, SimulatorStats stats) => ZendeskIncrementalExport.List(context, SimEntity.Account, store, stats));
        api.MapGet("incremental/users.json", (HttpContext context, RecordStore store, SimulatorStats stats) => ZendeskIncrementalExport.List(context, SimEntity.Contact, store, stats));
        return api;
    }

    public static string Plural(SimEntity entity) => entity == SimEntity.Account ? "organizations" : "users";

    private static IResult List(HttpContext context, SimEntity entity, RecordStore store, SimulatorStats stats)
    {
        var query = context.Request.Query;
        var size = query["page[size]"].Count == 0 ? 100 : int.TryParse(query["page[size]"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 100 ? s : -1;
        var offset = query["page[after]"].Count == 0 ? 0 : int.TryParse(query["page[after]"], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : -1;
        if (size < 0 || offset < 0)
        {
            return Invalid("page[size] must be 1 to 100 and page[after] a cursor from links.next.");
        }

        var (records, total) = store.ReadLive(entity, offset, size);
        stats.Page(records.Count);
        var hasMore = offset + size < total;
        var root = Root(context.Request);
        return Json(writer =>
        {
            writer.WriteStartObject();
            WriteRecords(writer, entity, records, root);
            writer.WriteStartObject("meta");
            writer.WriteBoolean("has_more", hasMore);
            writer.WriteString("after_cursor", hasMore ? (offset + size).ToString(CultureInfo.InvariantCulture) : null);
            writer.WriteEndObject();
            writer.WriteStartObject("links");
            writer.WriteString("next", hasMore ? $"{root}/api/v2/{Plural(entity)}.json?page[size]={size}&page[after]={offset + size}" : null);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IResult ShowMany(HttpContext context, SimEntity entity, RecordStore store, SimulatorStats stats)
    {
        var ids = context.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length is 0 or > MaxIds)
        {
            return Invalid($"ids must list 1 to {MaxIds} comma-separated ids.");
        }

        stats.ReadBack();
        var records = ids
            .Select(id => ZendeskIds.TryParse(entity, id, out var index) && store.DataSet.Contains(entity, index) ? store.Find(entity, entity.IdOf(index)) : null)
            .OfType<SimRecord>().ToList();
        var root = Root(context.Request);
        return Json(writer =>
        {
            writer.WriteStartObject();
            WriteRecords(writer, entity, records, root);
            writer.WriteEndObject();
        });
    }

    private static void WriteRecords(Utf8JsonWriter writer, SimEntity entity, IReadOnlyList<SimRecord> records, string root)
    {
        writer.WriteStartArray(Plural(entity));
        foreach (var record in records)
        {
            ZendeskJson.Write(writer, record, root);
        }

        writer.WriteEndArray();
    }

    internal static string Root(HttpRequest request) => RecordJson.BaseUrl(request) + Prefix;

    internal static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            write(writer);
        }

        return Results.Bytes(buffer.WrittenMemory, "application/json");
    }

    internal static IResult Invalid(string description) => JsonBody.BadRequest(description);
}
