using Microsoft.Extensions.Options;

namespace CrmSync.Connectors;

/// <summary>The change feed a poll grain uses: it hands each source to the feed of its kind.</summary>
public sealed class SourceChangeFeeds(IOptionsMonitor<CrmSyncOptions> sync, IEnumerable<IConnectorChangeFeed> feeds) : ISourceChangeFeed
{
    public bool CanPoll(string source, string entity) =>
        sync.CurrentValue.Sources.TryGetValue(source, out var options) && feeds.FirstOrDefault(feed => feed.Kind == options.Kind) is { } feed && feed.CanPoll(source, entity);

    public Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        if (!sync.CurrentValue.Sources.TryGetValue(source, out var options))
        {
            throw new SourceReadException($"No source named '{source}' is configured; add it under CrmSync:Sources:{source} to poll it.");
        }

        if (!Entities.IsKnown(entity))
        {
            throw new SourceReadException($"'{entity}' is not an entity CrmSync syncs; use account or contact.");
        }

        return feeds.FirstOrDefault(feed => feed.Kind == options.Kind) is { } feed
            ? feed.ReadChangesAsync(source, entity, query, cancellationToken)
            : throw new SourceReadException($"Source '{source}' is of kind {options.Kind}, which has no changed-since query to poll yet; follow it through its webhooks.");
    }
}
