using System.Buffers;
using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Pipedrive;

/// <summary>
/// Pipedrive's API v2 under <c>/pipedrive</c> (a source's BaseUrl): <c>GET /api/v2/{persons|organizations}</c> with
/// cursor pagination (<c>limit</c> ≤ 500, <c>cursor</c>, <c>additional_data.next_cursor</c> null on the last page).
/// Deleted records are not listed.
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

        var (records, total) = store.ReadLive(entity, offset, limit);
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

    /// <summary>Cursors are opaque to clients, as Pipedrive's are; here, the next offset in base64.</summary>
    private static int Cursor(string text)
    {
        var bytes = new byte[8];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 4 && BitConverter.ToInt32(bytes) is var offset and >= 0 ? offset : -1;
    }
}
