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
            return new ChangePage(deletions, null, query.NextTimestampWatermark);
        }

        var mapping = mappings.For(source, SourceKind.Salesforce, entity);
        var since = query.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var url = query.Cursor ?? client.QueryUrl(source, entity, mapping.SourceFields, $"SystemModstamp > {since}");
        var page = await client.QueryAsync(source, url, forReadBack: false, cancellationToken);
        var next = page.NextRecordsUrl ?? (client.Settings(source).PollDeletes ? DeletedPhase : null);
        return new ChangePage(SalesforcePageReader.Changes(client, mapping, source, entity, page), next, query.NextTimestampWatermark);
    }
}
