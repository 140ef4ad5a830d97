namespace CrmSync.Connectors.Dynamics365;

/// <summary>The initial sync of a Dynamics 365 source: Web API pages, the cursor being Dataverse's <c>@odata.nextLink</c>.</summary>
public sealed class Dynamics365PageReader(Dynamics365Client client) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.Dynamics365;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        client.ReadPageAsync(source, entity, cursor, cancellationToken);
}
