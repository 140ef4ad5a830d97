using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Records;

/// <param name="Next">The token of the next page, or null on the last page.</param>
/// <param name="Count">The <c>$count</c> answer when it was asked for.</param>
public sealed record RecordPage(IReadOnlyList<Row> Rows, SkipToken? Next, int? Count);

/// <summary>Retrieve and RetrieveMultiple over the store.</summary>
public sealed class RecordReader(EmulatorDatabase database)
{
    private const int CountCap = 5000;

    public Row? Find(TableDefinition table, RecordKey key)
    {
        using var connection = database.OpenReader();
        return RowQueries.Find(connection, table, key);
    }

    /// <param name="pageSize">Rows per page; <c>$top</c> may ask for fewer.</param>
    public RecordPage Query(TableDefinition table, QueryOptions options, int pageSize)
    {
        var after = options.SkipToken is { } token ? SkipToken.Decode(token, OrderLength(table, options)) : null;
        var wanted = after?.RemainingTop ?? options.Top;
        var take = Math.Min(wanted ?? pageSize, pageSize);

        using var connection = database.OpenReader();
        var page = CollectionQuery.Page(table, options, after, take + 1);
        var rows = RowQueries.Page(connection, table, page);
        int? count = options.Count ? RowQueries.Count(connection, CollectionQuery.Count(table, options, CountCap)) : null;

        SkipToken? next = null;
        var more = rows.Count > take;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (more && take > 0 && (wanted is null || wanted > take))
        {
            var last = rows[^1];
            next = new SkipToken(page.Order.Select(item => last[item.Column.LogicalName]).ToList(), wanted - take);
        }

        return new RecordPage(rows, next, count);
    }

    private static int OrderLength(TableDefinition table, QueryOptions options) =>
        options.OrderBy.Count + (options.OrderBy.Any(item => item.Column == table.PrimaryKey) ? 0 : 1);
}
