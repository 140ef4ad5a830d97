namespace CrmSync.Connectors;

/// <summary>A kind that can be asked what changed since it was last asked (Dataverse change tracking), without webhooks.</summary>
public interface IConnectorChangeFeed
{
    SourceKind Kind { get; }

    /// <summary>The changes since the previous pull of this (source, entity); the first pull answers every record.</summary>
    Task<PulledChanges> PullAsync(string source, string entity, CancellationToken cancellationToken);
}

/// <param name="FullRead">Every record was read (a first pull, or a token that had expired), not only the changes.</param>
public sealed record PulledChanges(IReadOnlyList<RecordChange> Changes, bool FullRead);
