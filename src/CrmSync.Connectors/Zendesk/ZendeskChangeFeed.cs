namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Polls a Zendesk source through the time-based incremental export, which lists deleted users (inactive) and
/// organizations (<c>deleted_at</c>) beside the changed ones, so deletions need no other call. The cursor is the
/// export's <c>next_page</c>; the watermark is its last <c>end_time</c>, Zendesk's own clock, read again from the overlap
/// behind it. Zendesk refuses a start_time less than a minute old, so a round never starts later than that.
/// </summary>
public sealed class ZendeskChangeFeed(ZendeskClient client) : IConnectorChangeFeed
{
    private static readonly TimeSpan NewestStart = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);

    public SourceKind Kind => SourceKind.Zendesk;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        var latest = query.RoundStartedAt - NewestStart;
        var start = query.Since < latest ? query.Since : latest;
        var page = await client.ReadExportPageAsync(source, entity, start, query.Cursor, cancellationToken);
        // An empty export's end_time is no later than the start asked for; the watermark must not fall back with it.
        var reached = query.Since + query.Overlap;
        var watermark = page.EndTime is { } end && end > reached ? end : reached;
        return new ChangePage(page.Changes, page.NextPage, watermark.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }
}
