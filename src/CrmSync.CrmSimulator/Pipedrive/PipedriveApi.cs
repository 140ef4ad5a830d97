using System.Buffers;
using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Pipedrive;

/// <summary>
/// Pipedrive's API v2 under <c>/pipedrive</c> (a source's BaseUrl): <c>GET /api/v2/{persons|organizations}</c> with
/// cursor pagination (<c>limit</c> ≤ 500, <c>cursor</c>, <c>additional_data.next_cursor</c> null on the last page),
/// <c>updated_since</c> (RFC 3339: the records whose update_time is that or later) and <c>sort_by</c> <c>id</c> or
/// <c>update_time</c> with <c>sort_direction</c> <c>asc</c>. Deleted records are not listed.
/// </summary>
public static class PipedriveApi
{
    public const string Prefix = "/pipedrive";
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapPipedriveApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup($"{Prefix}/api/v2");
        api.MapGet("organizations", (HttpRequest request, RecordStore store, SimulatorStats stats) => List(request, SimEntity.Account, store, stats));
        api.MapGet("persons", (HttpRequest request, RecordStore store, SimulatorStats stats) => List(request, SimEntity.Contact, store, stats));
        return api;
    }

    private static IResult List(HttpRequest request, SimEntity entity, RecordStore store, SimulatorStats stats)
    {
        var query = request.Query;
        var limit = query["limit"].Count == 0 ? 100 : int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= MaxLimit ? l : -1;
        var offset = query["cursor"].Count == 0 ? 0 : Cursor(query["cursor"].ToString());
        if (limit < 0 || offset < 0)
        {
            return JsonBody.BadRequest($"limit must be 1 to {MaxLimit} and cursor a next_cursor from a previous page.");
        }

        DateTimeOffset? since = null;
        if (query["updated_since"].Count > 0)
        {
            since = DateTimeOffset.TryParse(query["updated_since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && query["updated_since"].ToString().Contains('T')
                ? at
                : null;
            if (since is null)
            {
                return JsonBody.BadRequest("updated_since must be an RFC 3339 time such as 2025-01-01T10:20:00Z.");
            }
        }

        var byUpdateTime = query["sort_by"] == "update_time";
        if (query["sort_by"].Count > 0 && !byUpdateTime && query["sort_by"] != "id" || query["sort_direction"].Count > 0 && query["sort_direction"] != "asc")
        {
            return JsonBody.BadRequest("sort_by must be id or update_time, and this simulator sorts only asc.");
        }

        var (records, total) = since is null && !byUpdateTime ? store.ReadLive(entity, offset, limit) : Selected(store, entity, since, byUpdateTime, offset, limit);
        stats.Page(records.Count);
        var hasMore = offset + limit < total;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteStartArray("data");
            foreach (var record in records)
            {
                PipedriveJson.Write(writer, record);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("additional_data");
            writer.WriteString("next_cursor", hasMore ? Convert.ToBase64String(BitConverter.GetBytes(offset + limit)) : null);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Results.Bytes(buffer.WrittenMemory, "application/json");
    }

    /// <summary>The live records updated at or after <paramref name="since"/> (all when null), by update_time then id or by id.</summary>
    private static (IReadOnlyList<SimRecord> Records, int Total) Selected(RecordStore store, SimEntity entity, DateTimeOffset? since, bool byUpdateTime, int offset, int limit)
    {
        // Generated records are all at the epoch: only a query from it or earlier has to walk the whole data set.
        var candidates = since is { } from && from > SimRecord.Epoch
            ? store.LiveChangedSince(entity, DateTimeOffset.MinValue)
            : store.ReadLive(entity, 0, store.DataSet.Count(entity)).Records;
        var selected = candidates.Where(record => since is null || record.UpdatedAt >= since).OrderBy(record => byUpdateTime ? record.UpdatedAt : SimRecord.Epoch).ThenBy(record => record.Index).ToList();
        return ([.. selected.Skip(offset).Take(limit)], selected.Count);
    }

    /// <summary>Cursors are opaque to clients, as Pipedrive's are; here, the next offset in base64.</summary>
    private static int Cursor(string text)
    {
        var bytes = new byte[8];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 4 && BitConverter.ToInt32(bytes) is var offset and >= 0 ? offset : -1;
    }
}
