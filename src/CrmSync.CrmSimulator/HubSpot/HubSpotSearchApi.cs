using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>
/// <c>POST /crm/v3/objects/{companies|contacts}/search</c> with the one filter an incremental pull sends: the type's
/// last-modified property (<see cref="HubSpotObjects.LastModifiedProperty"/>) <c>GTE</c> epoch milliseconds, sorted
/// ascending on it (ties by id), <c>limit</c> ≤ 200 and <c>after</c>. As HubSpot, it answers <c>total</c>, leaves out
/// archived records, and refuses to page past <see cref="SimulatorOptions.HubSpotSearchLimit"/> (10,000) results.
/// </summary>
public static class HubSpotSearchApi
{
    public const int MaxLimit = 200;

    public static async Task<IResult> SearchAsync(string type, HttpRequest request, RecordStore store, HubSpotArchive archive, SimulatorStats stats, IOptions<SimulatorOptions> options)
    {
        if (!HubSpotObjects.TryParseType(type, out var entity) || type is not ("companies" or "contacts"))
        {
            return HubSpotApi.Error(404, "OBJECT_NOT_FOUND", $"Unknown object type '{type}'; this simulator serves companies and contacts.");
        }

        SearchRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SearchRequest>(request.Body, JsonBody.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var property = HubSpotObjects.LastModifiedProperty(entity);
        var filter = body?.FilterGroups is [{ Filters: [{ } only] }] ? only : null;
        if (filter is null || filter.PropertyName != property || filter.Operator != "GTE"
            || !long.TryParse(filter.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sinceMs))
        {
            return HubSpotApi.Error(400, "VALIDATION_ERROR", $"This simulator searches {type} by one filter, {{\"propertyName\":\"{property}\",\"operator\":\"GTE\",\"value\":\"<epoch ms>\"}}.");
        }

        if (body!.Sorts is not [{ } sort] || sort.PropertyName != property || sort.Direction != "ASCENDING")
        {
            return HubSpotApi.Error(400, "VALIDATION_ERROR", $"Sort by {{\"propertyName\":\"{property}\",\"direction\":\"ASCENDING\"}}.");
        }

        var limit = body.Limit ?? 10;
        var offset = 0;
        if (limit is < 1 or > MaxLimit || body.After is { Length: > 0 } after && !int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return HubSpotApi.Error(400, "VALIDATION_ERROR", $"limit must be 1 to {MaxLimit} and after a paging cursor this API gave.");
        }

        if (offset + limit > options.Value.HubSpotSearchLimit)
        {
            return HubSpotApi.Error(400, "VALIDATION_ERROR", $"Search results are limited to {options.Value.HubSpotSearchLimit}; narrow the filter instead of paging past them.");
        }

        var since = DateTimeOffset.FromUnixTimeMilliseconds(sinceMs);
        // Generated records are all at the epoch: only a search from it or earlier has to walk the whole data set.
        var candidates = since <= SimRecord.Epoch
            ? store.ReadLive(entity, 0, store.DataSet.Count(entity)).Records
            : store.LiveChangedSince(entity, DateTimeOffset.MinValue);
        var matches = candidates.Where(record => record.UpdatedAt >= since && !archive.Contains(record)).OrderBy(record => record.UpdatedAt).ThenBy(record => record.Index).ToList();
        var page = matches.Skip(offset).Take(limit).ToList();
        stats.Page(page.Count);
        var next = offset + limit < matches.Count ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null;
        var properties = HubSpotApi.Properties(body.Properties ?? [], entity);
        return HubSpotApi.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", matches.Count);
            HubSpotApi.WriteResults(writer, page, properties);
            if (next is not null)
            {
                writer.WriteStartObject("paging");
                writer.WriteStartObject("next");
                writer.WriteString("after", next);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private sealed record SearchRequest(List<FilterGroup?>? FilterGroups, List<Sort?>? Sorts, List<string>? Properties, int? Limit, string? After);

    private sealed record FilterGroup(List<Filter?>? Filters);

    private sealed record Filter(string? PropertyName, string? Operator, string? Value);

    private sealed record Sort(string? PropertyName, string? Direction);
}
