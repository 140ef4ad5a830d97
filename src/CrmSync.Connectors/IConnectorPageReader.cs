namespace CrmSync.Connectors;

/// <summary>One kind's page reader for the initial sync; <see cref="SourcePageReaders"/> hands each source to its kind's.</summary>
public interface IConnectorPageReader
{
    SourceKind Kind { get; }

    /// <inheritdoc cref="ISourcePageReader.ReadPageAsync"/>
    Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken);
}
