using System.Globalization;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// Polls a HubSpot source: first a search for the records last modified at or after the watermark less the overlap,
/// sorted ascending on the modified date; HubSpot's search pages through at most 10,000 results, so before a page would
/// pass them the search starts again from the last record's modified date (re-reading that millisecond's records).
/// Then, unless <see cref="HubSpotSourceOptions.PollDeletes"/> is off, the archived list (<c>archived=true</c>), keeping
/// the records archived since. The watermark is a timestamp; the cursor is <c>search:</c> with the search's start in
/// epoch milliseconds and its <c>after</c>, or <c>archived:</c> and the list's <c>after</c>.
/// </summary>
public sealed class HubSpotChangeFeed(HubSpotClient client) : IConnectorChangeFeed
{
    private const string SearchPhase = "search:";
    private const string ArchivedPhase = "archived:";

    public SourceKind Kind => SourceKind.HubSpot;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var options = client.Options(source);
        if (query.Cursor is { } cursor && cursor.StartsWith(ArchivedPhase, StringComparison.Ordinal))
        {
            var archived = await client.ReadArchivedPageAsync(source, entity, NullIfEmpty(cursor[ArchivedPhase.Length..]), cancellationToken);
            var since = ChangeVersion.FromTimestamp(query.Since);
            return new ChangePage([.. archived.Changes.Where(change => change.Version >= since)],
                archived.NextCursor is { } more ? ArchivedPhase + more : null, query.NextTimestampWatermark);
        }

        var (from, after) = query.Cursor is null ? (query.Since, null) : SearchCursor(source, query.Cursor);
        var page = await client.SearchModifiedAsync(source, entity, from, after, cancellationToken);
        var next = page.After is not { } following ? null
            : int.TryParse(following, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset + options.SearchPageSize > options.SearchResultLimit
                ? SearchPhase + Restart(source, entity, options, from, page.LastModified).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":"
                : SearchPhase + from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + following;
        return new ChangePage(page.Changes, next ?? (options.PollDeletes ? ArchivedPhase : null), query.NextTimestampWatermark);
    }

    private static DateTimeOffset Restart(string source, string entity, HubSpotSourceOptions options, DateTimeOffset from, DateTimeOffset? lastModified) =>
        lastModified is { } last && last > from
            ? last
            : throw new SourceReadException($"More than {options.SearchResultLimit} {HubSpotObjects.ApiType(entity)} of HubSpot source '{source}' were modified at {from:O}, more than one search can page through; start an initial sync of {entity} instead.");

    private static (DateTimeOffset From, string? After) SearchCursor(string source, string cursor)
    {
        var parts = cursor.StartsWith(SearchPhase, StringComparison.Ordinal) ? cursor[SearchPhase.Length..].Split(':', 2) : [];
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), NullIfEmpty(parts[1]))
            : throw new SourceReadException($"'{cursor}' is not a page of HubSpot source '{source}''s poll; the next round starts again from the watermark.");
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
