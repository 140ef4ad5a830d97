using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// Zendesk's time-based incremental export, <c>GET /api/v2/incremental/{organizations|users}.json?start_time={unix}</c>
/// (<c>per_page</c> ≤ 1,000): the records changed at or after start_time by the wall clock, oldest first, deleted ones
/// included (a user inactive, an organization with <c>deleted_at</c>), with <c>count</c>, <c>end_time</c>,
/// <c>next_page</c> and <c>end_of_stream</c>. As Zendesk, it refuses a start_time less than a minute old; unlike Zendesk
/// it does not hold back the last minute's changes (tests would wait a minute for them), so its next_page, whose
/// start_time may be that recent, is marked <c>continued=true</c> and exempt. A page runs past per_page to hold every
/// record of its last second, so next_page (start_time = end_time + 1) neither repeats records nor loops on a busy second.
/// </summary>
public static class ZendeskIncrementalExport
{
    public const int MaxPerPage = 1000;

    public static IResult List(HttpContext context, SimEntity entity, RecordStore store, SimulatorStats stats)
    {
        var query = context.Request.Query;
        var perPage = query["per_page"].Count == 0 ? MaxPerPage : int.TryParse(query["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= MaxPerPage ? p : -1;
        if (!long.TryParse(query["start_time"], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime) || perPage < 0)
        {
            return ZendeskApi.Invalid($"start_time must be a Unix time in seconds and per_page 1 to {MaxPerPage}.");
        }

        if (query["continued"] != "true" && startTime > DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds())
        {
            return ZendeskApi.Invalid("Too recent start_time. Use a start_time older than 1 minute.");
        }

        var changed = store.ChangedSince(entity, DateTimeOffset.FromUnixTimeSeconds(startTime));
        var count = Math.Min(perPage, changed.Count);
        var endTime = count == 0 ? startTime : changed[count - 1].Record.ChangedAt!.Value.ToUnixTimeSeconds();
        while (count < changed.Count && changed[count].Record.ChangedAt!.Value.ToUnixTimeSeconds() == endTime)
        {
            count++;
        }

        stats.Page(count);
        var endOfStream = count == changed.Count;
        var root = ZendeskApi.Root(context.Request);
        return ZendeskApi.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(ZendeskApi.Plural(entity));
            foreach (var (record, deleted) in changed.Take(count))
            {
                ZendeskJson.Write(writer, record, root, deleted);
            }

            writer.WriteEndArray();
            writer.WriteNumber("count", count);
            writer.WriteNumber("end_time", endTime);
            writer.WriteString("next_page", endOfStream ? null : $"{root}/api/v2/incremental/{ZendeskApi.Plural(entity)}.json?per_page={perPage}&start_time={endTime + 1}&continued=true");
            writer.WriteBoolean("end_of_stream", endOfStream);
            writer.WriteEndObject();
        });
    }
}
