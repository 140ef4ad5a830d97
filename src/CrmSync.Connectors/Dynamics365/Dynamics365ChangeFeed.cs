using System.Collections.Concurrent;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// Follows a Dynamics 365 source by change tracking, with or without webhooks: each pull answers the changes since the
/// last one. The delta links live in this process only; after a restart the first pull re-reads every row, which
/// versions make harmless. A durable schedule of pulls is issue 13's.
/// </summary>
public sealed class Dynamics365ChangeFeed(Dynamics365Client client) : IConnectorChangeFeed
{
    private readonly ConcurrentDictionary<(string, string), string> deltaLinks = new();

    public SourceKind Kind => SourceKind.Dynamics365;

    public async Task<PulledChanges> PullAsync(string source, string entity, CancellationToken cancellationToken)
    {
        var delta = await client.ReadChangesAsync(source, entity, deltaLinks.GetValueOrDefault((source, entity)), cancellationToken);
        var first = !deltaLinks.ContainsKey((source, entity));
        deltaLinks[(source, entity)] = delta.NextLink;
        return new PulledChanges(delta.Changes, FullRead: first || delta.Restarted);
    }
}
