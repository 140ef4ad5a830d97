namespace CrmSync.DataverseEmulator.Schema;

/// <summary>
/// The emulated environment: its tables as configuration shaped them (<see cref="SchemaCustomization"/>) and
/// whether it offers the bulk messages. One instance per emulator, so the Web API, the SQLite store and the
/// metadata endpoints agree, and tests can start environments that differ.
/// </summary>
public sealed class DataverseSchema(IReadOnlyList<TableDefinition> tables, bool supportsBulkMessages)
{
    /// <summary>A standard environment: every column, the default options, bulk messages on.</summary>
    public static DataverseSchema Standard { get; } = new(StandardTables.All, supportsBulkMessages: true);

    public IReadOnlyList<TableDefinition> Tables => tables;

    /// <summary>CreateMultiple, UpdateMultiple and UpsertMultiple are available on every table.</summary>
    public bool SupportsBulkMessages => supportsBulkMessages;

    public TableDefinition? FindByEntitySet(string entitySetName) =>
        tables.FirstOrDefault(table => table.EntitySetName == entitySetName);

    public TableDefinition? FindByLogicalName(string logicalName) =>
        tables.FirstOrDefault(table => table.LogicalName == logicalName);
}
