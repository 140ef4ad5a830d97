using System.Globalization;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// Polls a ServiceNow source: first the records updated since the watermark less the overlap (the Table API's
/// <c>sys_updated_on&gt;=</c>, oldest change first), then, unless <see cref="ServiceNowSourceOptions.PollDeletes"/> is off,
/// the deletions since then from <c>sys_audit_delete</c>. The watermark is a timestamp; the cursor is an offset in the
/// updates, or <c>deleted:</c> and an offset in the deletions.
/// </summary>
public sealed class ServiceNowChangeFeed(ServiceNowClient client) : IConnectorChangeFeed
{
    private const string DeletedPhase = "deleted:";

    public SourceKind Kind => SourceKind.ServiceNow;

    public async Task<ChangePage> ReadChangesAsync(string source, string entity, ChangeQuery query, CancellationToken cancellationToken)
    {
        if (query.Cursor is { } cursor && cursor.StartsWith(DeletedPhase, StringComparison.Ordinal))
        {
            var offset = int.TryParse(cursor[DeletedPhase.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at
                : throw new SourceReadException($"'{cursor}' is not a page of ServiceNow source '{source}''s deletions.");
            var deletions = await client.ReadDeletedPageAsync(source, entity, query.Since, offset, cancellationToken);
            return new ChangePage(deletions.Changes, deletions.NextCursor is { } more ? DeletedPhase + more : null, query.NextTimestampWatermark);
        }

        var updates = await client.ReadChangedPageAsync(source, entity, query.Since, query.Cursor, cancellationToken);
        var next = updates.NextCursor ?? (client.Options(source).PollDeletes ? DeletedPhase + "0" : null);
        return new ChangePage(updates.Changes, next, query.NextTimestampWatermark);
    }
}
