using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Query;

/// <summary>The SQL for one page of a collection GET, and for its <c>$count</c>.</summary>
public sealed record CollectionQuery(string Sql, SqlParameters Parameters, IReadOnlyList<OrderByItem> Order)
{
    /// <param name="limit">Rows to read: one more than the page, to learn whether another page follows.</param>
    public static CollectionQuery Page(TableDefinition table, QueryOptions options, SkipToken? after, int limit)
    {
        var parameters = new SqlParameters();
        var order = options.OrderBy.Any(item => item.Column == table.PrimaryKey)
            ? options.OrderBy
            : [.. options.OrderBy, new OrderByItem(table.PrimaryKey, false)];

        var conditions = new List<string>();
        if (options.Filter is { } filter)
        {
            conditions.Add(FilterTranslator.Translate(table, filter, parameters));
        }

        if (after is not null)
        {
            conditions.Add(After(order, after.LastValues, 0, parameters));
        }

        var where = conditions.Count == 0 ? "" : $" WHERE {string.Join(" AND ", conditions)}";
        var orderBy = string.Join(", ", order.Select(item => $"{Quote(item.Column)} {(item.Descending ? "DESC" : "ASC")}"));
        var sql = $"SELECT {StorageColumns.SelectList(table)} FROM {StorageColumns.Quote(table.LogicalName)}{where} ORDER BY {orderBy} LIMIT {limit}";
        return new CollectionQuery(sql, parameters, order);
    }

    /// <summary>Counts matching rows up to <paramref name="cap"/>: Dataverse's <c>@odata.count</c> stops at 5,000.</summary>
    public static CollectionQuery Count(TableDefinition table, QueryOptions options, int cap)
    {
        var parameters = new SqlParameters();
        var where = options.Filter is { } filter ? $" WHERE {FilterTranslator.Translate(table, filter, parameters)}" : "";
        return new CollectionQuery($"SELECT COUNT(*) FROM (SELECT 1 FROM {StorageColumns.Quote(table.LogicalName)}{where} LIMIT {cap})", parameters, []);
    }

    // Rows strictly after the last one served, in the sort order; SQLite sorts NULL first ascending, last descending.
    private static string After(IReadOnlyList<OrderByItem> order, IReadOnlyList<object?> last, int index, SqlParameters parameters)
    {
        var item = order[index];
        var column = Quote(item.Column);
        var value = last[index];
        var beyond = (value, item.Descending) switch
        {
            (null, false) => $"{column} IS NOT NULL",
            (null, true) => "0",
            (_, false) => $"{column} > {parameters.Add(value)}",
            (_, true) => $"({column} < {parameters.Add(value)} OR {column} IS NULL)",
        };

        if (index == order.Count - 1)
        {
            return $"({beyond})";
        }

        var same = value is null ? $"{column} IS NULL" : $"{column} = {parameters.Add(value)}";
        return $"({beyond} OR ({same} AND {After(order, last, index + 1, parameters)}))";
    }

    private static string Quote(ColumnDefinition column) => StorageColumns.Quote(column.LogicalName);
}
