namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// Polls a Dynamics 365 source by change tracking: the watermark is the delta link. Without one, tracking starts,
/// which answers every row (a full read, harmless since versions decide); an expired token does the same.
/// Deletions come as <c>$deletedEntity</c> stubs, so polling finds them too.
/// </summary>
public sealed class Dynamics365ChangeFeed(Dynamics365Client client) : IConnectorChangeFeed
{
    public SourceKind Kind => SourceKind.Dynamics365;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var delta = await client.ReadChangesAsync(source, entity, query.Watermark, cancellationToken);
        return new ChangePage(delta.Changes, null, delta.NextLink, FullRead: query.Watermark is null || delta.Restarted);
    }
}
