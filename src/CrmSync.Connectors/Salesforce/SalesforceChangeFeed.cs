namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// Polls a Salesforce source with <c>WHERE SystemModstamp &gt; since</c>, the indexed field Salesforce recommends for
/// integrations, paged by <c>nextRecordsUrl</c>; the watermark is a timestamp, read again from the overlap behind it.
/// Deleted records leave the query, so deletions still need the Apex trigger's webhooks (getDeleted is not read yet).
/// </summary>
public sealed class SalesforceChangeFeed(SalesforceClient client, SourceMappings mappings) : IConnectorChangeFeed
{
    public SourceKind Kind => SourceKind.Salesforce;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var mapping = mappings.For(source, SourceKind.Salesforce, entity);
        var since = query.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var url = query.Cursor ?? client.QueryUrl(source, entity, mapping.SourceFields, $"SystemModstamp > {since}");
        var page = await client.QueryAsync(source, url, forReadBack: false, cancellationToken);
        return new ChangePage(SalesforcePageReader.Changes(client, mapping, source, entity, page), page.NextRecordsUrl, query.NextTimestampWatermark);
    }
}
