namespace CrmSync.DataverseEmulator.Schema;

/// <summary>Column types, named after Dataverse's AttributeTypeCode so metadata can report them unchanged.</summary>
public enum AttributeType
{
    Uniqueidentifier,
    String,
    Memo,
    Integer,
    BigInt,
    Money,
    Picklist,
    State,
    Status,
    DateTime,
    Lookup,
    Customer,
}

/// <summary>What happens to a referencing row when the row it points to is deleted.</summary>
public enum DeleteBehavior
{
    Cascade,
    RemoveLink,
}

/// <param name="State">For a status option: the state it belongs to.</param>
/// <param name="DefaultStatus">For a state option: the status a row takes when only the state is set.</param>
public sealed record OptionValue(int Value, string Label, int? State = null, int? DefaultStatus = null);

public sealed record OptionSetDefinition(string Name, IReadOnlyList<OptionValue> Options)
{
    public OptionValue? Find(int value) => Options.FirstOrDefault(option => option.Value == value);
}

/// <summary>One table a lookup may point to, and the single-valued navigation property that binds it.</summary>
public sealed record LookupTarget(string NavigationProperty, string Table, DeleteBehavior OnTargetDelete);

public sealed record ColumnDefinition(string LogicalName, string DisplayName, AttributeType Type)
{
    public int? MaxLength { get; init; }

    public OptionSetDefinition? OptionSet { get; init; }

    public IReadOnlyList<LookupTarget> Targets { get; init; } = [];

    /// <summary>Not valid for create or update: Dataverse ignores such values in a request body.</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>A DateTime column with the DateOnly behaviour (Edm.Date on the Web API).</summary>
    public bool IsDateOnly { get; init; }

    /// <summary>Columns whose non-empty values, joined by a space, make this column's value.</summary>
    public IReadOnlyList<string> ComputedFrom { get; init; } = [];

    public bool IsLookup => Type is AttributeType.Lookup or AttributeType.Customer;

    public bool IsChoice => Type is AttributeType.Picklist or AttributeType.State or AttributeType.Status;

    /// <summary>Custom columns keep their publisher prefix as written; standard ones are capitalised per word (address1_city → Address1_City).</summary>
    public string SchemaName => LogicalName.StartsWith("msdyn_", StringComparison.Ordinal)
        ? LogicalName
        : string.Join('_', LogicalName.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>The property name on the Web API: lookups are read as <c>_name_value</c>.</summary>
    public string PropertyName => IsLookup ? $"_{LogicalName}_value" : LogicalName;

    /// <summary>A lookup with several target tables keeps the target's table in a companion column, as Dataverse does.</summary>
    public string? TargetTableColumn => Targets.Count > 1 ? LogicalName + "type" : null;

    public string EdmType => Type switch
    {
        AttributeType.Uniqueidentifier or AttributeType.Lookup or AttributeType.Customer => "Edm.Guid",
        AttributeType.String or AttributeType.Memo => "Edm.String",
        AttributeType.Integer or AttributeType.Picklist or AttributeType.State or AttributeType.Status => "Edm.Int32",
        AttributeType.BigInt => "Edm.Int64",
        AttributeType.Money => "Edm.Decimal",
        AttributeType.DateTime => IsDateOnly ? "Edm.Date" : "Edm.DateTimeOffset",
        _ => throw new InvalidOperationException($"No Edm type for {Type}."),
    };
}

public sealed record AlternateKeyDefinition(string LogicalName, string DisplayName, IReadOnlyList<string> KeyAttributes);

public sealed class TableDefinition
{
    private readonly Dictionary<string, ColumnDefinition> columnsByName;
    private readonly Dictionary<string, ColumnDefinition> columnsByProperty;
    private readonly Dictionary<string, (ColumnDefinition Column, LookupTarget Target)> navigationProperties;

    public TableDefinition(
        string logicalName,
        string entitySetName,
        string displayName,
        string primaryIdAttribute,
        string primaryNameAttribute,
        IReadOnlyList<ColumnDefinition> columns,
        IReadOnlyList<AlternateKeyDefinition> alternateKeys)
    {
        LogicalName = logicalName;
        EntitySetName = entitySetName;
        DisplayName = displayName;
        PrimaryIdAttribute = primaryIdAttribute;
        PrimaryNameAttribute = primaryNameAttribute;
        Columns = columns;
        AlternateKeys = alternateKeys;
        columnsByName = columns.ToDictionary(column => column.LogicalName, StringComparer.Ordinal);
        columnsByProperty = columns.ToDictionary(column => column.PropertyName, StringComparer.Ordinal);
        navigationProperties = columns
            .SelectMany(column => column.Targets.Select(target => (column, target)))
            .ToDictionary(pair => pair.target.NavigationProperty, pair => (pair.column, pair.target), StringComparer.Ordinal);
        PrimaryKey = columnsByName[primaryIdAttribute];
    }

    public string LogicalName { get; }

    public string EntitySetName { get; }

    public string DisplayName { get; }

    public string PrimaryIdAttribute { get; }

    public string PrimaryNameAttribute { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    public IReadOnlyList<AlternateKeyDefinition> AlternateKeys { get; }

    public ColumnDefinition PrimaryKey { get; }

    /// <summary>The table's number in metadata (account 1, contact 2).</summary>
    public int ObjectTypeCode { get; init; }

    public string DisplayCollectionName { get; init; } = "";

    /// <summary>The OData type name used in error messages and @odata.type.</summary>
    public string ODataTypeName => $"Microsoft.Dynamics.CRM.{LogicalName}";

    public ColumnDefinition? FindColumn(string logicalName) => columnsByName.GetValueOrDefault(logicalName);

    /// <summary>A column by its Web API property name (<c>_parentcustomerid_value</c> for a lookup).</summary>
    public ColumnDefinition? FindProperty(string propertyName) => columnsByProperty.GetValueOrDefault(propertyName);

    public (ColumnDefinition Column, LookupTarget Target)? FindNavigation(string navigationProperty) =>
        navigationProperties.TryGetValue(navigationProperty, out var found) ? found : null;
}
