using System.Buffers;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Paging;

/// <summary>What every paging style shares: clamping, the configured delay, reading the store, counting, and malformed pages.</summary>
public sealed class PageServer(RecordStore store, SimulatorStats stats, FaultQueue faults, IOptions<SimulatorOptions> options)
{
    private readonly SimulatorOptions settings = options.Value;

    /// <summary>A requested page size, clamped to MaxPageSize as real CRMs clamp theirs.</summary>
    /// <summary>
    /// The "changed since" parameter of the offset, page, cursor and link styles (RFC 3339): only the live records
    /// changed at or after it, in id order, as a CRM's <c>updated_since</c> filter answers for incremental pulls.
    /// </summary>
    public const string UpdatedSince = "updated_since";

    public int Clamp(int requestedSize) => Math.Min(requestedSize, settings.MaxPageSize);

    public async Task<ServedPage> ReadAsync(HttpContext context, SimEntity entity, long offset, int requestedSize)
    {
        await DelayAsync(context);

        if (PageParameters.Since(context.Request.Query, UpdatedSince) is { } since)
        {
            var changed = store.LiveChangedSince(entity, since);
            var first = (int)Math.Min(offset, changed.Count);
            var limit = Clamp(requestedSize);
            return new ServedPage(entity, [.. changed.Skip(first).Take(limit)], first, limit, changed.Count, RecordJson.BaseUrl(context.Request));
        }

        var total = store.DataSet.Count(entity);
        var start = (int)Math.Min(offset, total);
        var size = Clamp(requestedSize);
        return new ServedPage(entity, store.ReadPage(entity, start, size), start, size, total, RecordJson.BaseUrl(context.Request));
    }

    /// <summary>Waits the configured PageDelayMs, as a slow CRM would before any page.</summary>
    public Task DelayAsync(HttpContext context) =>
        settings.PageDelayMs > 0 ? Task.Delay(settings.PageDelayMs, context.RequestAborted) : Task.CompletedTask;

    /// <summary>Answers 200 with the body the style writes, or, when a malformed page is queued, with half of it.</summary>
    public IResult Json(ServedPage page, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writeBody(writer);
        }

        if (faults.TakeMalformed())
        {
            stats.Failed();
            // A prefix of a JSON object or array lacks its closing bracket, so it never parses.
            return Results.Bytes(buffer.WrittenMemory[..Math.Max(1, buffer.WrittenCount / 2)], "application/json");
        }

        stats.Page(page.Records.Count);
        return Results.Bytes(buffer.WrittenMemory, "application/json");
    }

    public static void WriteRecords(Utf8JsonWriter writer, string name, ServedPage page)
    {
        writer.WriteStartArray(name);
        WriteRecordItems(writer, page);
        writer.WriteEndArray();
    }

    public static void WriteRecordItems(Utf8JsonWriter writer, ServedPage page)
    {
        foreach (var record in page.Records)
        {
            RecordJson.Write(writer, record, page.BaseUrl);
        }
    }
}
