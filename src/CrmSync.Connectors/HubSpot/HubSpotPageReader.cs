namespace CrmSync.Connectors.HubSpot;

/// <summary>The initial sync of a HubSpot source: CRM v3 list pages of 100, the cursor being HubSpot's <c>after</c>.</summary>
public sealed class HubSpotPageReader(HubSpotClient client) : IConnectorPageReader
{
    public SourceKind Kind => SourceKind.HubSpot;

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        client.ReadPageAsync(source, entity, cursor, cancellationToken);
}
