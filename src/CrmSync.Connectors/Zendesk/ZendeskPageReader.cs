namespace CrmSync.Connectors.Zendesk;

/// <summary>The initial sync of a Zendesk source: its organizations, then all its users, through the REST API's cursor pages.</summary>
public sealed class ZendeskPageReader(ZendeskClient client) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.Zendesk;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        client.ReadPageAsync(source, entity, cursor, cancellationToken);
}
