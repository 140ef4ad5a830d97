using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Records;

/// <summary>
/// One stored row. Values are kept as SQLite returns them (string, long, double or null), keyed by
/// storage column name, so rows read and rows about to be written look the same.
/// </summary>
public sealed class Row(TableDefinition table, Dictionary<string, object?> values)
{
    public const string VersionColumn = "versionnumber";

    public TableDefinition Table => table;

    public Dictionary<string, object?> Values => values;

    public Guid Id => Guid.Parse((string)values[table.PrimaryIdAttribute]!);

    public long Version => (long)values[VersionColumn]!;

    public string ETag => $"W/\"{Version}\"";

    public object? this[string column]
    {
        get => values.GetValueOrDefault(column);
        set => values[column] = value;
    }

    public Row Copy() => new(table, new Dictionary<string, object?>(values, StringComparer.Ordinal));
}
