namespace CrmSync.Abstractions;

/// <summary>
/// Reads a source CRM's records page by page for the initial sync (DESIGN.md §6). One implementation
/// dispatches to the connector of each source's kind; the sync-job grain knows only cursors.
/// </summary>
public interface ISourcePageReader
{
    /// <summary>
    /// Reads the page at <paramref name="cursor"/> (null: the first page). The answer's
    /// <see cref="SourcePage.NextCursor"/> is null on the last page. Waits out the source's 429s;
    /// throws <see cref="SourceReadException"/> when the job cannot go on (401, a malformed page,
    /// a source or entity that is not configured for sync).
    /// </summary>
    Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken);
}

/// <summary>One page: its records as changes with the same versions a webhook would carry.</summary>
/// <param name="NextCursor">Opaque; what to pass to read the next page, or null when this was the last.</param>
/// <param name="Total">The source's record count when it tells it, for the ETA.</param>
public sealed record SourcePage(IReadOnlyList<RecordChange> Changes, string? NextCursor, long? Total = null);

/// <summary>The source cannot be read; the message says what is wrong and what to do.</summary>
public sealed class SourceReadException(string message, Exception? inner = null) : Exception(message, inner);
