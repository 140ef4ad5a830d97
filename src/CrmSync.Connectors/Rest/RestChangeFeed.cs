using System.Globalization;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Rest;

/// <summary>
/// Polls a REST source's entity with its configured <see cref="RestEntityOptions.UpdatedSince"/> parameter, paged as
/// its initial sync is; the watermark is a timestamp, read again from the overlap behind it. A generic REST API has
/// no standard list of deletions, so deletions still need webhooks.
/// </summary>
public sealed class RestChangeFeed(IOptionsMonitor<RestSourceOptions> sources, RestPageReader reader) : IConnectorChangeFeed
{
    public SourceKind Kind => SourceKind.Rest;

    public bool CanPoll(string source, string entity) =>
        sources.Get(source).Entities.TryGetValue(entity, out var settings) && settings.UpdatedSince is { Length: > 0 };

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var target = reader.Resolve(source, entity);
        if (target.Settings.UpdatedSince is not { Length: > 0 } parameter)
        {
            throw new SourceReadException($"Source '{source}' cannot be polled for {entity}: set {target.SettingsPrefix}:UpdatedSince to the API's \"changed since\" query parameter, or remove its Poll:Interval.");
        }

        var since = query.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var page = await reader.ReadPageAsync(target with { Filter = KeyValuePair.Create(parameter, (string?)since) }, query.Cursor, cancellationToken);
        return new ChangePage(page.Changes, page.NextCursor, query.NextTimestampWatermark);
    }
}
