using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>How a table's columns map to SQLite columns: one per column, plus the target table of a multi-table lookup.</summary>
public static class StorageColumns
{
    public static IEnumerable<string> Names(TableDefinition table) =>
        table.Columns.SelectMany(column => column.TargetTableColumn is { } target ? [column.LogicalName, target] : new[] { column.LogicalName });

    public static string SqlType(ColumnDefinition column) => column.Type switch
    {
        AttributeType.Integer or AttributeType.BigInt or AttributeType.Picklist or AttributeType.State or AttributeType.Status => "INTEGER",
        AttributeType.Money => "REAL",
        // Dataverse compares text without regard to case (SQL Server's default collation), so do we.
        _ => "TEXT COLLATE NOCASE",
    };

    public static string Quote(string name) => $"\"{name}\"";

    public static string SelectList(TableDefinition table) => string.Join(", ", Names(table).Select(Quote));
}
