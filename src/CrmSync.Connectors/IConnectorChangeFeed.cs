namespace CrmSync.Connectors;

/// <summary>
/// One kind's "changed since" query (issue 13); <see cref="SourceChangeFeeds"/> hands each source to its kind's. The
/// watermark is the poll grain's, persisted there: a feed keeps nothing between calls.
/// </summary>
public interface IConnectorChangeFeed
{
    SourceKind Kind { get; }

    /// <summary>Whether this source's entity is set up to be polled; a kind whose query needs no settings always is.</summary>
    bool CanPoll(string source, string entity) => true;

    /// <inheritdoc cref="ISourceChangeFeed.ReadChangesAsync"/>
    Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken);
}
