namespace CrmSync.Abstractions;

/// <summary>
/// Asks a source CRM what changed since a watermark, with the CRM's own "changed since" query (issue 13). One
/// implementation dispatches to the connector of each source's kind; the poll grain owns the watermark and knows it
/// only as an opaque string, so a kind keeps a timestamp, a cursor or a delta link there as its API needs.
/// </summary>
public interface ISourceChangeFeed
{
    /// <summary>Whether the source's kind has a changed-since query, and the entity is set up to use it.</summary>
    bool CanPoll(string source, string entity);

    /// <summary>
    /// One page of the changes since <see cref="ChangeQuery.Watermark"/>. Waits out the source's 429s; throws
    /// <see cref="SourceReadException"/> when the source cannot be read as configured.
    /// </summary>
    Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken);
}

/// <param name="Watermark">Where the last completed round ended, as the feed gave it; null before the first.</param>
/// <param name="Cursor">The next page of the round in hand; null for its first page.</param>
/// <param name="RoundStartedAt">When the round began by the silo's clock: a timestamp kind's next watermark.</param>
/// <param name="Overlap">How far behind the watermark a timestamp kind reads again, for clock skew and late commits.</param>
public sealed record ChangeQuery(string? Watermark, string? Cursor, DateTimeOffset RoundStartedAt, TimeSpan Overlap)
{
    /// <summary>A timestamp kind's lower bound: the watermark (or, on the first round, the round's start) less the overlap.</summary>
    public DateTimeOffset Since =>
        (Watermark is not null && DateTimeOffset.TryParse(Watermark, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var mark)
            ? mark
            : RoundStartedAt) - Overlap;

    /// <summary>A timestamp kind's watermark for the next round: when this one began.</summary>
    public string NextTimestampWatermark => RoundStartedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <param name="Changes">Changed records, whole, at the versions a webhook would carry; deletions where the API lists them.</param>
/// <param name="NextCursor">The round's next page, or null when this was its last.</param>
/// <param name="Watermark">On the last page, where the next round starts.</param>
/// <param name="FullRead">Every record was read (Dynamics 365 starting or restarting change tracking), not only changes.</param>
/// <param name="Gap">Changes since the watermark that the source no longer lists, and what to do about them; null when it lists them all.</param>
public sealed record ChangePage(IReadOnlyList<RecordChange> Changes, string? NextCursor, string Watermark, bool FullRead = false, string? Gap = null);
