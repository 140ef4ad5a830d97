using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Data.Sqlite;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>Creates the SQLite tables and indexes from the <see cref="DataverseSchema"/>, and adds columns a newer schema brings.</summary>
public static class SchemaDdl
{
    public const string MetaTable = "emulator_meta";

    /// <summary>Change tracking's memory of deleted rows: which row of which table went, at which row version.</summary>
    public const string DeletedTable = "emulator_deleted";

    /// <remarks>A column the schema lacks (Emulator:Schema:RemoveColumns) stays in an existing file, unused.</remarks>
    public static void Apply(SqliteConnection connection, DataverseSchema schema)
    {
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {MetaTable} (key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL)");
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {DeletedTable} (tablename TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL)");
        Execute(connection, $"CREATE INDEX IF NOT EXISTS ix_{DeletedTable}_version ON {DeletedTable} (tablename, version)");
        foreach (var table in schema.Tables)
        {
            CreateTable(connection, table);
            AddMissingColumns(connection, table);
            CreateIndexes(connection, table);
        }
    }

    private static void CreateTable(SqliteConnection connection, TableDefinition table)
    {
        var columns = table.Columns.SelectMany(column =>
        {
            var definition = $"{StorageColumns.Quote(column.LogicalName)} {StorageColumns.SqlType(column)}";
            if (column == table.PrimaryKey)
            {
                definition += " NOT NULL PRIMARY KEY";
            }

            return column.TargetTableColumn is { } target
                ? [definition, $"{StorageColumns.Quote(target)} TEXT"]
                : new[] { definition };
        });
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {StorageColumns.Quote(table.LogicalName)} ({string.Join(", ", columns)})");
    }

    private static void AddMissingColumns(SqliteConnection connection, TableDefinition table)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA table_info({StorageColumns.Quote(table.LogicalName)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(1));
            }
        }

        foreach (var column in table.Columns.Where(column => !existing.Contains(column.LogicalName)))
        {
            Execute(connection, $"ALTER TABLE {StorageColumns.Quote(table.LogicalName)} ADD COLUMN {StorageColumns.Quote(column.LogicalName)} {StorageColumns.SqlType(column)}");
        }

        foreach (var target in table.Columns.Select(column => column.TargetTableColumn).OfType<string>().Where(name => !existing.Contains(name)))
        {
            Execute(connection, $"ALTER TABLE {StorageColumns.Quote(table.LogicalName)} ADD COLUMN {StorageColumns.Quote(target)} TEXT");
        }
    }

    private static void CreateIndexes(SqliteConnection connection, TableDefinition table)
    {
        var name = table.LogicalName;
        foreach (var key in table.AlternateKeys)
        {
            Execute(connection, $"CREATE UNIQUE INDEX IF NOT EXISTS {StorageColumns.Quote($"ux_{name}_{key.LogicalName}")} " +
                $"ON {StorageColumns.Quote(name)} ({string.Join(", ", key.KeyAttributes.Select(StorageColumns.Quote))})");
        }

        // Single-column indexes for the columns clients filter and sort on: source ids, lookups, change order.
        var indexed = table.Columns.Where(column => column.IsLookup).Select(column => column.LogicalName)
            .Concat(["msdyn_source_crm_id", "modifiedon", Row.VersionColumn])
            .Where(column => table.FindColumn(column) is not null);
        foreach (var column in indexed)
        {
            Execute(connection, $"CREATE INDEX IF NOT EXISTS {StorageColumns.Quote($"ix_{name}_{column}")} " +
                $"ON {StorageColumns.Quote(name)} ({StorageColumns.Quote(column)})");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
