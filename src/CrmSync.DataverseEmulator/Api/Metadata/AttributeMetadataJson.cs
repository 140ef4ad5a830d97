using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>
/// AttributeMetadata and its derived types as the Web API returns them. Properties of a derived type (MaxLength,
/// Targets, OptionSet…) can be selected only after casting to it, e.g. <c>Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata</c>.
/// </summary>
public static class AttributeMetadataJson
{
    public const string BaseType = "AttributeMetadata";

    private static readonly ConcurrentDictionary<string, IReadOnlySet<string>> Properties = new(StringComparer.Ordinal);

    private static readonly HashSet<string> ChoiceTypes = ["PicklistAttributeMetadata", "StateAttributeMetadata", "StatusAttributeMetadata"];

    public static readonly IReadOnlySet<string> BaseProperties =
        Base(StandardTables.Account, StandardTables.Account.PrimaryKey).Select(property => property.Key).ToHashSet();

    public static string TypeName(ColumnDefinition column) => column.Type switch
    {
        AttributeType.Uniqueidentifier => "UniqueIdentifierAttributeMetadata",
        AttributeType.Lookup or AttributeType.Customer => "LookupAttributeMetadata",
        _ => $"{column.Type}AttributeMetadata",
    };

    /// <summary>Whether the column is of the type a cast segment names (the base type names them all).</summary>
    public static bool IsOfType(ColumnDefinition column, string type) => type == BaseType || TypeName(column) == type;

    public static bool IsKnownType(string type) =>
        type == BaseType || StandardTables.All.SelectMany(table => table.Columns).Any(column => TypeName(column) == type);

    /// <summary>The properties a query on <paramref name="type"/> may select and filter on.</summary>
    public static IReadOnlySet<string> PropertiesOf(string type) => Properties.GetOrAdd(type, static type =>
    {
        var sample = StandardTables.All.SelectMany(table => table.Columns.Select(column => (table, column)))
            .FirstOrDefault(pair => TypeName(pair.column) == type);
        return sample.column is null ? BaseProperties : Full(sample.table, sample.column).Select(property => property.Key).ToHashSet();
    });

    /// <summary>Navigation properties a query on <paramref name="type"/> may expand.</summary>
    public static bool CanExpandOptionSet(string type) => ChoiceTypes.Contains(type);

    public static Guid Id(TableDefinition table, ColumnDefinition column) => MetadataIds.For(table.LogicalName, column.LogicalName);

    /// <summary>Every property of the column's own type, as a query without <c>$select</c> returns them.</summary>
    public static JsonObject Full(TableDefinition table, ColumnDefinition column)
    {
        var item = Base(table, column);
        switch (column.Type)
        {
            case AttributeType.String or AttributeType.Memo:
                item["MaxLength"] = column.MaxLength;
                item["Format"] = column.Type == AttributeType.Memo ? "TextArea" : TextFormat(column.LogicalName);
                break;
            case AttributeType.Integer:
                item["MinValue"] = int.MinValue;
                item["MaxValue"] = int.MaxValue;
                break;
            case AttributeType.BigInt:
                item["MinValue"] = long.MinValue;
                item["MaxValue"] = long.MaxValue;
                break;
            case AttributeType.Money:
                item["Precision"] = 2;
                item["MinValue"] = -922337203685477m;
                item["MaxValue"] = 922337203685477m;
                break;
            case AttributeType.DateTime:
                item["Format"] = column.IsDateOnly ? "DateOnly" : "DateAndTime";
                item["DateTimeBehavior"] = new JsonObject { ["Value"] = column.IsDateOnly ? "DateOnly" : "UserLocal" };
                break;
            case AttributeType.Lookup or AttributeType.Customer:
                item["Targets"] = new JsonArray([.. column.Targets.Select(target => (JsonNode)target.Table)]);
                break;
        }

        return item;
    }

    public static JsonObject OptionSet(TableDefinition table, ColumnDefinition column)
    {
        var options = column.OptionSet!;
        return new JsonObject
        {
            ["MetadataId"] = MetadataIds.For(table.LogicalName, column.LogicalName, "optionset"),
            ["Name"] = options.Name,
            ["IsGlobal"] = false,
            ["IsManaged"] = true,
            ["OptionSetType"] = column.Type.ToString(),
            ["Options"] = new JsonArray([.. options.Options.Select(option => (JsonNode)Option(table, column, option))]),
        };
    }

    private static JsonObject Base(TableDefinition table, ColumnDefinition column) => new()
    {
        ["@odata.type"] = $"#Microsoft.Dynamics.CRM.{TypeName(column)}",
        ["MetadataId"] = Id(table, column),
        ["LogicalName"] = column.LogicalName,
        ["SchemaName"] = column.SchemaName,
        ["EntityLogicalName"] = table.LogicalName,
        ["AttributeType"] = column.Type.ToString(),
        ["AttributeTypeName"] = new JsonObject { ["Value"] = $"{column.Type}Type" },
        ["IsPrimaryId"] = column == table.PrimaryKey,
        ["IsPrimaryName"] = column.LogicalName == table.PrimaryNameAttribute,
        ["IsValidForCreate"] = !column.IsReadOnly && column.Type != AttributeType.State,
        ["IsValidForUpdate"] = !column.IsReadOnly && column != table.PrimaryKey,
        ["IsValidForRead"] = true,
        ["IsCustomAttribute"] = column.LogicalName.StartsWith("msdyn_", StringComparison.Ordinal),
        ["IsManaged"] = true,
        ["IsLogical"] = false,
        ["AttributeOf"] = null,
        ["RequiredLevel"] = new JsonObject
        {
            ["Value"] = RequiredLevel(table, column),
            ["CanBeChanged"] = false,
            ["ManagedPropertyLogicalName"] = "canmodifyrequirementlevelsettings",
        },
        ["DisplayName"] = Labels.Of(column.DisplayName, table.LogicalName, column.LogicalName),
    };

    private static JsonObject Option(TableDefinition table, ColumnDefinition column, OptionValue option)
    {
        var item = new JsonObject
        {
            ["Value"] = option.Value,
            ["Label"] = Labels.Of(option.Label, table.LogicalName, column.LogicalName, option.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["Description"] = Labels.Empty(),
            ["Color"] = null,
            ["IsManaged"] = true,
            ["ExternalValue"] = null,
            ["MetadataId"] = null,
            ["HasChanged"] = null,
        };
        if (option.State is { } state)
        {
            item["State"] = state;
        }

        if (option.DefaultStatus is { } defaultStatus)
        {
            item["DefaultStatus"] = defaultStatus;
            item["InvariantName"] = option.Label;
        }

        return item;
    }

    private static string RequiredLevel(TableDefinition table, ColumnDefinition column) => column.LogicalName switch
    {
        _ when column == table.PrimaryKey => "SystemRequired",
        "statecode" or "statuscode" => "SystemRequired",
        "name" or "lastname" => "ApplicationRequired",
        _ => "None",
    };

    private static string TextFormat(string logicalName) => logicalName switch
    {
        _ when logicalName.StartsWith("emailaddress", StringComparison.Ordinal) => "Email",
        "websiteurl" or "msdyn_source_crm_url" => "Url",
        _ when logicalName.StartsWith("telephone", StringComparison.Ordinal) || logicalName is "mobilephone" or "fax" => "Phone",
        _ => "Text",
    };
}
