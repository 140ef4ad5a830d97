namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// The initial sync: <c>SELECT Id, SystemModstamp, mapped fields FROM Account|Contact</c>, page after page by
/// <c>nextRecordsUrl</c>, which is the cursor the sync job checkpoints.
/// </summary>
public sealed class SalesforcePageReader(SalesforceClient client, SourceMappings mappings) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.Salesforce;

    public async Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken)
    {
        var mapping = mappings.For(source, SourceKind.Salesforce, entity);
        var url = cursor ?? client.QueryUrl(source, entity, mapping.SourceFields);
        var page = await client.QueryAsync(source, url, forReadBack: false, cancellationToken);
        return new SourcePage(Changes(client, mapping, source, entity, page), page.NextRecordsUrl, page.TotalSize);
    }

    /// <summary>A query page's records as whole-record changes at their SystemModstamp; the change feed reads them the same way.</summary>
    public static List<RecordChange> Changes(SalesforceClient client, FieldMapping mapping, string source, string entity, QueryPage page)
    {
        var instanceUrl = client.Settings(source).InstanceUrl!;
        return [.. page.Records.Select(record => record.ToChange(mapping, instanceUrl,
            problem => new SourceReadException($"Source '{source}': {problem} Check {SourceSettings.Prefix(source)}:Mapping:{entity}.")))];
    }
}
