using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// The fixed SQL statements per table, built once per table and reused with the same text, so each is prepared
/// once; parameters are rebound in place. A bulk request runs these thousands of times in one transaction.
/// </summary>
/// <summary>Gets the writer connection's command for a statement.</summary>
public delegate SqliteCommand SqliteCommandSource(string sql);

public static class RowSql
{
    private static readonly ConditionalWeakTable<TableDefinition, Statements> Cache = new();

    /// <summary>The storage columns in the order every statement and every row read uses.</summary>
    public static IReadOnlyList<string> Names(TableDefinition table) => For(table).Names;

    public static string Find(TableDefinition table, RecordKey key) => key switch
    {
        PrimaryKey => For(table).FindById,
        AlternateKey alternate => For(table).FindByKey[alternate.Definition.LogicalName],
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    public static void BindKey(SqliteCommand command, RecordKey key)
    {
        switch (key)
        {
            case PrimaryKey primary:
                Bind(command, KeyParameters, 1, _ => ToStorage(primary.Id));
                break;
            case AlternateKey alternate:
                var names = alternate.Definition.KeyAttributes;
                Bind(command, KeyParameters, names.Count, index => ToStorage(alternate.Values[names[index]]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key));
        }
    }

    /// <summary>An INSERT of the row's non-null columns: fewer values to bind, and the rest are NULL anyway.</summary>
    public static SqliteCommand Insert(SqliteCommandSource commands, Row row)
    {
        var statements = For(row.Table);
        var columns = statements.Columns(name => row[name] is not null);
        var command = commands(statements.InsertSql(columns));
        Bind(command, statements.ColumnParameters, columns.Length, index => row[statements.Names[columns[index]]]!);
        return command;
    }

    /// <summary>
    /// An UPDATE of the columns whose values differ from <paramref name="original"/>, or of every column when there is
    /// no original: SQLite then leaves alone the indexes of the columns not set.
    /// </summary>
    public static SqliteCommand Update(SqliteCommandSource commands, Row row, Row? original)
    {
        var statements = For(row.Table);
        var columns = statements.Columns(name => name != row.Table.PrimaryIdAttribute && (original is null || !Equals(row[name], original[name])));
        var command = commands(statements.UpdateSql(columns));
        Bind(command, statements.ColumnParameters, columns.Length + 1,
            index => (index < columns.Length ? row[statements.Names[columns[index]]] : row[row.Table.PrimaryIdAttribute]) ?? DBNull.Value);
        return command;
    }

    public static string Delete(TableDefinition table) => For(table).Delete;

    public static string FindReferencing(TableDefinition table, ColumnDefinition lookup)
    {
        var where = $"{StorageColumns.Quote(lookup.LogicalName)} = @k0";
        if (lookup.TargetTableColumn is { } target)
        {
            where += $" AND {StorageColumns.Quote(target)} = @k1";
        }

        return $"SELECT {For(table).SelectList} FROM {StorageColumns.Quote(table.LogicalName)} WHERE {where}";
    }

    /// <summary>Reads a row selected with the table's select list; the names come from the cache, not from SQLite, which copies them on every call.</summary>
    public static Row Read(SqliteDataReader reader, TableDefinition table)
    {
        var names = For(table).Names;
        var values = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < names.Length; ordinal++)
        {
            values[names[ordinal]] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        }

        return new Row(table, values);
    }

    /// <summary>The form a value is stored and compared in: GUIDs as lowercase text, whole numbers as long.</summary>
    public static object ToStorage(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString("D"),
        int number => (long)number,
        decimal money => (double)money,
        _ => value,
    };

    private static readonly string[] KeyParameters = [.. Enumerable.Range(0, 16).Select(index => $"@k{index}")];

    // A command keeps its parameter objects; only their values change from one row to the next.
    private static void Bind(SqliteCommand command, string[] names, int count, Func<int, object> value)
    {
        if (command.Parameters.Count != count)
        {
            command.Parameters.Clear();
            for (var index = 0; index < count; index++)
            {
                command.Parameters.Add(new SqliteParameter(names[index], DBNull.Value));
            }
        }

        for (var index = 0; index < count; index++)
        {
            command.Parameters[index].Value = value(index);
        }
    }

    private static Statements For(TableDefinition table) => Cache.GetValue(table, static table => new Statements(table));

    private sealed class Statements
    {
        public Statements(TableDefinition table)
        {
            Names = [.. StorageColumns.Names(table)];
            ColumnParameters = [.. Names.Select((_, index) => $"@c{index}")];
            SelectList = StorageColumns.SelectList(table);
            var from = $"SELECT {SelectList} FROM {StorageColumns.Quote(table.LogicalName)} WHERE ";
            FindById = from + $"{StorageColumns.Quote(table.PrimaryIdAttribute)} = @k0";
            FindByKey = table.AlternateKeys.ToDictionary(
                key => key.LogicalName,
                key => from + string.Join(" AND ", key.KeyAttributes.Select((column, index) => $"{StorageColumns.Quote(column)} = @k{index}")),
                StringComparer.Ordinal);
            quotedTable = StorageColumns.Quote(table.LogicalName);
            primaryKey = StorageColumns.Quote(table.PrimaryIdAttribute);
            Delete = $"DELETE FROM {StorageColumns.Quote(table.LogicalName)} WHERE {StorageColumns.Quote(table.PrimaryIdAttribute)} = @k0";
        }

        public string[] Names { get; }

        public string[] ColumnParameters { get; }

        public string SelectList { get; }

        public string FindById { get; }

        public IReadOnlyDictionary<string, string> FindByKey { get; }

        public string Delete { get; }

        // Rows of one request usually set the same columns, so a few statements serve a whole batch.
        private readonly ConcurrentDictionary<string, string> inserts = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> updates = new(StringComparer.Ordinal);
        private readonly string quotedTable;
        private readonly string primaryKey;

        /// <summary>The ordinals of the columns <paramref name="include"/> accepts.</summary>
        public int[] Columns(Func<string, bool> include)
        {
            var columns = new List<int>(Names.Length);
            for (var ordinal = 0; ordinal < Names.Length; ordinal++)
            {
                if (include(Names[ordinal]))
                {
                    columns.Add(ordinal);
                }
            }

            return [.. columns];
        }

        public string InsertSql(int[] columns) => inserts.GetOrAdd(string.Join(',', columns), _ =>
            $"INSERT INTO {quotedTable} ({string.Join(", ", columns.Select(ordinal => StorageColumns.Quote(Names[ordinal])))}) " +
            $"VALUES ({string.Join(", ", ColumnParameters.Take(columns.Length))})");

        public string UpdateSql(int[] columns) => updates.GetOrAdd(string.Join(',', columns), _ =>
            $"UPDATE {quotedTable} SET {string.Join(", ", columns.Select((ordinal, index) => $"{StorageColumns.Quote(Names[ordinal])} = {ColumnParameters[index]}"))} " +
            $"WHERE {primaryKey} = {ColumnParameters[columns.Length]}");
    }
}
