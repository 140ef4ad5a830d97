namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// Polls a Pipedrive source with API v2's <c>updated_since</c>, sorted by <c>update_time</c> ascending and paged by its
/// own cursor; the watermark is a timestamp, read again from the overlap behind it. API v2 lists no deleted persons or
/// organizations, so deletions still need the webhooks' delete events.
/// </summary>
public sealed class PipedriveChangeFeed(PipedriveClient client) : IConnectorChangeFeed
{
    public SourceKind Kind => SourceKind.Pipedrive;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var page = await client.ReadChangedPageAsync(source, entity, query.Since, query.Cursor, cancellationToken);
        return new ChangePage(page.Changes, page.NextCursor, query.NextTimestampWatermark);
    }
}
