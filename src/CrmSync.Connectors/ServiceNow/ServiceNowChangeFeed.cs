namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// Polls a ServiceNow source with the Table API's <c>sys_updated_on&gt;=</c> query; the watermark is a timestamp, read
/// again from the overlap behind it. The Table API does not list deleted records, so deletions still need the
/// business rule's webhooks.
/// </summary>
public sealed class ServiceNowChangeFeed(ServiceNowClient client) : IConnectorChangeFeed
{
    public SourceKind Kind => SourceKind.ServiceNow;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var page = await client.ReadChangedPageAsync(source, entity, query.Since, query.Cursor, cancellationToken);
        return new ChangePage(page.Changes, page.NextCursor, query.NextTimestampWatermark);
    }
}
