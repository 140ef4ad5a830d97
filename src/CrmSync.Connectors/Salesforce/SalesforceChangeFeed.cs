namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// Polls a Salesforce source with <c>WHERE SystemModstamp &gt; since</c>, the indexed field Salesforce recommends for
/// integrations, paged by <c>nextRecordsUrl</c>; deleted records leave that query, so then, unless
/// <see cref="SalesforceSourceOptions.PollDeletes"/> is off, getDeleted lists those deleted since. The watermark is a
/// timestamp, read again from the overlap behind it; the cursor is a <c>nextRecordsUrl</c>, or <c>deleted:</c>.
/// </summary>
public sealed class SalesforceChangeFeed(SalesforceClient client, SourceMappings mappings) : IConnectorChangeFeed
{
    private const string DeletedPhase = "deleted:";

    public SourceKind Kind => SourceKind.Salesforce;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        if (query.Cursor == DeletedPhase)
        {
            // getDeleted ignores seconds and wants its end after its start: a round ends at the next whole minute.
            var end = query.RoundStartedAt.AddTicks(-(query.RoundStartedAt.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(1);
            var deletions = await client.ReadDeletedAsync(source, entity, query.Since, end, cancellationToken);
            return new ChangePage(deletions.Changes, null, query.NextTimestampWatermark, Gap: Gap(source, entity, query.Since, deletions.EarliestAvailable));
        }

        var mapping = mappings.For(source, SourceKind.Salesforce, entity);
        var since = query.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var url = query.Cursor ?? client.QueryUrl(source, entity, mapping.SourceFields, $"SystemModstamp > {since}");
        var page = await client.QueryAsync(source, url, forReadBack: false, cancellationToken);
        var next = page.NextRecordsUrl ?? (client.Settings(source).PollDeletes ? DeletedPhase : null);
        return new ChangePage(SalesforcePageReader.Changes(client, mapping, source, entity, page), next, query.NextTimestampWatermark);
    }

    /// <summary>
    /// Deletions purged from Salesforce's log before the poll asked for them can no longer be read (after downtime longer
    /// than the log keeps them): say so, and how to find their rows, rather than lose them silently.
    /// </summary>
    private static string? Gap(string source, string entity, DateTimeOffset since, DateTimeOffset? earliest) =>
        earliest is { } from && from > since
            ? $"Salesforce lists deleted {SalesforceObjects.TypeOf(entity)} records only from {from:u}, so records deleted from {since:u} until then were not read; "
                + $"run `crmsync reconcile {source} {entity}` to list their rows as orphaned, and `--repair` to remove them."
            : null;
}
