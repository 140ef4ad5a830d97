using System.Buffers;
using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>
/// HubSpot's CRM v3 objects API over the simulator's records: <c>GET /crm/v3/objects/{companies|contacts}</c>
/// (<c>limit</c> ≤ 100, <c>after</c>, <c>properties</c>, <c>archived=true</c> for the archived records with
/// <c>archivedAt</c>), search (<see cref="HubSpotSearchApi"/>) and <c>POST /crm/v3/objects/{type}/batch/read</c> (≤ 100 ids;
/// ids it lacks come back under <c>errors</c> with 207). The API gate counts, authenticates and faults every call.
/// </summary>
public static class HubSpotApi
{
    public const string PathPrefix = "/crm/v3";
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapHubSpotApi(this IEndpointRouteBuilder endpoints)
    {
        var objects = endpoints.MapGroup($"{PathPrefix}/objects");
        objects.MapGet("{type}", List);
        objects.MapPost("{type}/batch/read", BatchReadAsync);
        objects.MapPost("{type}/search", HubSpotSearchApi.SearchAsync);
        return objects;
    }

    private static IResult List(string type, HttpRequest request, RecordStore store, HubSpotArchive archive, SimulatorStats stats)
    {
        if (!HubSpotObjects.TryParseType(type, out var entity) || type is not ("companies" or "contacts"))
        {
            return Error(404, "OBJECT_NOT_FOUND", $"Unknown object type '{type}'; this simulator serves companies and contacts.");
        }

        var limit = 10;
        if (request.Query["limit"].ToString() is { Length: > 0 } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Error(400, "VALIDATION_ERROR", $"limit must be 1 to {MaxLimit}.");
        }

        var offset = 0;
        if (request.Query["after"].ToString() is { Length: > 0 } after && !int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return Error(400, "VALIDATION_ERROR", $"after '{after}' is not a paging cursor this API gave.");
        }

        var properties = Properties(request.Query["properties"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), entity);
        var archivedOnly = request.Query["archived"] == "true";
        var archived = archivedOnly ? archive.Archived(entity) : [];
        var archivedAt = archived.Skip(offset).Take(limit).ToDictionary(entry => entry.Index, entry => entry.At);
        var page = archivedOnly
            ? [.. archivedAt.Keys.Select(index => store.Find(entity, entity.IdOf(index))).OfType<SimRecord>()]
            : store.ReadPage(entity, offset, limit).Where(r => !archive.Contains(r)).ToList();
        stats.Page(page.Count);
        var next = offset + limit < (archivedOnly ? archived.Count : store.DataSet.Count(entity)) ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null;
        return Json(writer =>
        {
            writer.WriteStartObject();
            if (archivedOnly)
            {
                writer.WriteStartArray("results");
                foreach (var record in page)
                {
                    HubSpotObjects.Write(writer, record, properties, archivedAt[record.Index]);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteResults(writer, page, properties);
            }

            if (next is not null)
            {
                writer.WriteStartObject("paging");
                writer.WriteStartObject("next");
                writer.WriteString("after", next);
                writer.WriteString("link", $"{RecordJson.BaseUrl(request)}{PathPrefix}/objects/{type}?limit={limit}&after={next}{(archivedOnly ? "&archived=true" : "")}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> BatchReadAsync(string type, HttpRequest request, RecordStore store, HubSpotArchive archive, SimulatorStats stats)
    {
        if (!HubSpotObjects.TryParseType(type, out var entity) || type is not ("companies" or "contacts"))
        {
            return Error(404, "OBJECT_NOT_FOUND", $"Unknown object type '{type}'; this simulator serves companies and contacts.");
        }

        BatchReadRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<BatchReadRequest>(request.Body, JsonBody.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.Inputs is not { Count: > 0 and <= MaxLimit } inputs || inputs.Any(i => string.IsNullOrEmpty(i?.Id)))
        {
            return Error(400, "VALIDATION_ERROR", $"Send {{\"properties\":[…],\"inputs\":[{{\"id\":\"…\"}}]}} with 1 to {MaxLimit} ids.");
        }

        var ids = inputs.Select(i => i!.Id!).Distinct().ToList();
        var found = ids.Select(id => HubSpotObjects.Find(store, entity, id)).OfType<SimRecord>().Where(r => !archive.Contains(r)).ToList();
        var missing = ids.Except(found.Select(r => r.HubSpotId())).ToList();
        stats.Page(found.Count);
        var properties = Properties(body.Properties ?? [], entity);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "COMPLETE");
            WriteResults(writer, found, properties);
            if (missing.Count > 0)
            {
                writer.WriteNumber("numErrors", 1);
                writer.WriteStartArray("errors");
                writer.WriteStartObject();
                writer.WriteString("status", "error");
                writer.WriteString("category", "OBJECT_NOT_FOUND");
                writer.WriteString("message", $"Could not get some {entity.ObjectName().ToUpperInvariant()} objects, they may be deleted or not exist.");
                writer.WriteStartObject("context");
                writer.WriteStartArray("ids");
                missing.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }, missing.Count > 0 ? StatusCodes.Status207MultiStatus : StatusCodes.Status200OK);
    }

    /// <summary>HubSpot answers the properties asked for (unknown ones as null), or a default few when none are.</summary>
    internal static IReadOnlyList<string> Properties(IReadOnlyList<string> asked, SimEntity entity) =>
        asked.Count > 0 ? asked : [.. HubSpotObjects.Properties(entity).Keys.Take(3), "hs_object_id"];

    internal static void WriteResults(Utf8JsonWriter writer, IEnumerable<SimRecord> records, IReadOnlyList<string> properties)
    {
        writer.WriteStartArray("results");
        foreach (var record in records)
        {
            HubSpotObjects.Write(writer, record, properties);
        }

        writer.WriteEndArray();
    }

    internal static IResult Json(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            write(writer);
        }

        return Results.Text(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), "application/json", statusCode: status);
    }

    /// <summary>HubSpot's error body: status, message, category and a correlation id.</summary>
    internal static IResult Error(int status, string category, string message) =>
        Results.Json(new { status = "error", message, category, correlationId = Guid.NewGuid() }, statusCode: status);

    private sealed record BatchReadRequest(List<string>? Properties, List<BatchReadInput?>? Inputs);

    private sealed record BatchReadInput(string? Id);
}
