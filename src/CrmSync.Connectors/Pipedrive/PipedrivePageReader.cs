namespace CrmSync.Connectors.Pipedrive;

/// <summary>The initial sync of a Pipedrive source: its organizations, then all its persons, through API v2's cursor pages.</summary>
public sealed class PipedrivePageReader(PipedriveClient client) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.Pipedrive;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        client.ReadPageAsync(source, entity, cursor, cancellationToken);
}
