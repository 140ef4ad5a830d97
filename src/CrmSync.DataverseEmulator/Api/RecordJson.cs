using System.Globalization;
using System.Text.Json;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>Rows as Dataverse writes them: <c>@odata.etag</c> first, lookups as <c>_x_value</c>, the primary key always.</summary>
public static class RecordJson
{
    /// <summary>The annotation that names a lookup's table, which a polymorphic lookup (a customer) needs to be read right.</summary>
    public const string LookupLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname";

    public static string CollectionContext(string serviceRoot, TableDefinition table, string? selectText) =>
        $"{serviceRoot}$metadata#{table.EntitySetName}{SelectSuffix(selectText)}";

    public static string EntityContext(string serviceRoot, TableDefinition table, string? selectText) =>
        $"{CollectionContext(serviceRoot, table, selectText)}/$entity";

    public static void WriteEntity(Utf8JsonWriter writer, Row row, IReadOnlyList<ColumnDefinition>? select, string? context = null, bool lookupLogicalNames = false)
    {
        writer.WriteStartObject();
        if (context is not null)
        {
            writer.WriteString("@odata.context", context);
        }

        writer.WriteString("@odata.etag", row.ETag);
        var columns = select ?? row.Table.Columns;
        foreach (var column in columns)
        {
            WriteValue(writer, column, row[column.LogicalName]);
            if (lookupLogicalNames && row[column.LogicalName] is not null && TargetTable(column, row) is { } table)
            {
                writer.WriteString($"{column.PropertyName}@{LookupLogicalName}", table);
            }
        }

        if (!columns.Contains(row.Table.PrimaryKey))
        {
            WriteValue(writer, row.Table.PrimaryKey, row[row.Table.PrimaryIdAttribute]);
        }

        writer.WriteEndObject();
    }

    /// <summary>The table a lookup points at: a polymorphic one keeps it beside the id, any other has one target.</summary>
    public static string? TargetTable(ColumnDefinition column, Row row) =>
        !column.IsLookup ? null
        : column.TargetTableColumn is { } type && row[type] is string table ? table
        : column.Targets is [var only, ..] ? only.Table
        : null;

    private static void WriteValue(Utf8JsonWriter writer, ColumnDefinition column, object? value)
    {
        var name = column.PropertyName;
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case long number when column.Type == AttributeType.Money:
                writer.WriteNumber(name, (decimal)number);
                break;
            case long number:
                writer.WriteNumber(name, number);
                break;
            default:
                writer.WriteNumber(name, Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string SelectSuffix(string? selectText) =>
        string.IsNullOrWhiteSpace(selectText) ? "" : $"({selectText.Replace(" ", "", StringComparison.Ordinal)})";
}
