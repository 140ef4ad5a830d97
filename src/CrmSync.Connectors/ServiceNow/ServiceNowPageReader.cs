namespace CrmSync.Connectors.ServiceNow;

/// <summary>The initial sync of a ServiceNow source: its accounts, then its contacts (with or without an account), through the Table API.</summary>
public sealed class ServiceNowPageReader(ServiceNowClient client) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.ServiceNow;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        client.ReadPageAsync(source, entity, cursor, cancellationToken);
}
