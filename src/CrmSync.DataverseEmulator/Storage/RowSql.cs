using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>The fixed SQL statements per table, so each is prepared once and reused.</summary>
public static class RowSql
{
    public static string Find(TableDefinition table, RecordKey key)
    {
        var columns = key switch
        {
            PrimaryKey => [table.PrimaryIdAttribute],
            AlternateKey alternate => alternate.Definition.KeyAttributes,
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        var where = string.Join(" AND ", columns.Select((column, index) => $"{StorageColumns.Quote(column)} = @k{index}"));
        return $"SELECT {StorageColumns.SelectList(table)} FROM {StorageColumns.Quote(table.LogicalName)} WHERE {where}";
    }

    public static void BindKey(SqliteCommand command, RecordKey key)
    {
        command.Parameters.Clear();
        var values = key switch
        {
            PrimaryKey primary => [primary.Id],
            AlternateKey alternate => alternate.Definition.KeyAttributes.Select(name => alternate.Values[name]).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        for (var index = 0; index < values.Length; index++)
        {
            command.Parameters.AddWithValue($"@k{index}", ToStorage(values[index]));
        }
    }

    public static string Insert(TableDefinition table)
    {
        var names = StorageColumns.Names(table).ToList();
        return $"INSERT INTO {StorageColumns.Quote(table.LogicalName)} ({string.Join(", ", names.Select(StorageColumns.Quote))}) " +
            $"VALUES ({string.Join(", ", names.Select((_, index) => $"@c{index}"))})";
    }

    public static string Update(TableDefinition table)
    {
        var names = StorageColumns.Names(table).ToList();
        var assignments = names.Select((name, index) => (name, index))
            .Where(pair => pair.name != table.PrimaryIdAttribute)
            .Select(pair => $"{StorageColumns.Quote(pair.name)} = @c{pair.index}");
        var key = names.IndexOf(table.PrimaryIdAttribute);
        return $"UPDATE {StorageColumns.Quote(table.LogicalName)} SET {string.Join(", ", assignments)} WHERE {StorageColumns.Quote(table.PrimaryIdAttribute)} = @c{key}";
    }

    public static void BindRow(SqliteCommand command, Row row)
    {
        command.Parameters.Clear();
        var index = 0;
        foreach (var name in StorageColumns.Names(row.Table))
        {
            command.Parameters.AddWithValue($"@c{index++}", row[name] ?? DBNull.Value);
        }
    }

    public static string Delete(TableDefinition table) =>
        $"DELETE FROM {StorageColumns.Quote(table.LogicalName)} WHERE {StorageColumns.Quote(table.PrimaryIdAttribute)} = @k0";

    public static string FindReferencing(TableDefinition table, ColumnDefinition lookup)
    {
        var where = $"{StorageColumns.Quote(lookup.LogicalName)} = @k0";
        if (lookup.TargetTableColumn is { } target)
        {
            where += $" AND {StorageColumns.Quote(target)} = @k1";
        }

        return $"SELECT {StorageColumns.SelectList(table)} FROM {StorageColumns.Quote(table.LogicalName)} WHERE {where}";
    }

    public static Row Read(SqliteDataReader reader, TableDefinition table)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < reader.FieldCount; ordinal++)
        {
            values[reader.GetName(ordinal)] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
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
}
