namespace CrmSync.DataverseEmulator.Schema;

/// <summary>Applies <see cref="SchemaOptions"/> to the standard tables, so tests can start environments that lack a column or carry more choices.</summary>
public static class SchemaCustomization
{
    private const string SourceCrmColumn = "msdyn_source_crm";

    public static DataverseSchema Build(SchemaOptions options, bool supportsBulkMessages)
    {
        var removed = options.RemoveColumns.Select(Split).ToHashSet();
        var sourceCrm = StandardTables.SourceCrm with
        {
            Options = [.. StandardTables.SourceCrm.Options, .. options.ExtraSourceCrmOptions.Select(option => new OptionValue(option.Value, option.Label.Trim()))],
        };
        var tables = StandardTables.All.Select(table => Customize(table, removed, sourceCrm)).ToList();
        return new DataverseSchema(tables, supportsBulkMessages);
    }

    /// <summary>What is wrong with the options, one sentence each; empty when they can be applied.</summary>
    public static IEnumerable<string> Problems(SchemaOptions options)
    {
        foreach (var entry in options.RemoveColumns)
        {
            var (tableName, columnName) = Split(entry);
            var table = StandardTables.All.FirstOrDefault(candidate => candidate.LogicalName == tableName);
            if (table is null || columnName.Length == 0)
            {
                yield return $"Emulator:Schema:RemoveColumns entry '{entry}' does not name a column as table.column of {string.Join(" or ", StandardTables.All.Select(known => known.LogicalName))}.";
            }
            else if (table.FindColumn(columnName) is null)
            {
                yield return $"Emulator:Schema:RemoveColumns entry '{entry}' names a column the {tableName} table does not have.";
            }
            else if (columnName == table.PrimaryIdAttribute || StandardTables.SystemColumnNames.Contains(columnName))
            {
                yield return $"Emulator:Schema:RemoveColumns entry '{entry}' names a system column every {tableName} row needs; remove another column.";
            }
        }

        var values = StandardTables.SourceCrm.Options.Select(option => option.Value).ToHashSet();
        var labels = StandardTables.SourceCrm.Options.Select(option => option.Label).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options.ExtraSourceCrmOptions)
        {
            if (string.IsNullOrWhiteSpace(option.Label))
            {
                yield return $"Emulator:Schema:ExtraSourceCrmOptions value {option.Value} has no Label; give each option a label.";
            }
            else if (!values.Add(option.Value) || !labels.Add(option.Label.Trim()))
            {
                yield return $"Emulator:Schema:ExtraSourceCrmOptions option {option.Value} '{option.Label}' repeats a value or label the msdyn_source_crm choice already has.";
            }
        }
    }

    private static TableDefinition Customize(TableDefinition table, HashSet<(string Table, string Column)> removed, OptionSetDefinition sourceCrm)
    {
        var columns = table.Columns
            .Where(column => !removed.Contains((table.LogicalName, column.LogicalName)))
            .Select(column => column.LogicalName == SourceCrmColumn ? column with { OptionSet = sourceCrm } : column)
            .ToList();
        var names = columns.Select(column => column.LogicalName).ToHashSet(StringComparer.Ordinal);
        // A key over a missing column cannot exist in Dataverse either.
        var keys = table.AlternateKeys.Where(key => key.KeyAttributes.All(names.Contains)).ToList();
        return new TableDefinition(table.LogicalName, table.EntitySetName, table.DisplayName, table.PrimaryIdAttribute, table.PrimaryNameAttribute, columns, keys)
        {
            ObjectTypeCode = table.ObjectTypeCode,
            DisplayCollectionName = table.DisplayCollectionName,
        };
    }

    private static (string Table, string Column) Split(string entry)
    {
        var dot = entry.IndexOf('.');
        return dot < 0 ? (entry.Trim(), "") : (entry[..dot].Trim(), entry[(dot + 1)..].Trim());
    }
}
