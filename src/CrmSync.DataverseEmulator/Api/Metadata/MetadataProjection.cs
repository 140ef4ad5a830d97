using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Query;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>Applies <c>$select</c> and <c>$filter</c> to metadata items, which are built whole as JSON objects.</summary>
public static class MetadataProjection
{
    /// <summary>The item with only the selected properties; <c>@odata.type</c> and <c>MetadataId</c> always stay.</summary>
    /// <param name="selectable">The properties of the type being read; selecting another one is an error, as in Dataverse.</param>
    public static JsonObject Select(JsonObject item, IReadOnlyList<string>? select, IReadOnlySet<string> selectable, string type)
    {
        if (select is null)
        {
            return (JsonObject)item.DeepClone();
        }

        foreach (var name in select.Where(name => !selectable.Contains(name)))
        {
            throw MetadataErrors.UnknownProperty(type, name);
        }

        var projected = new JsonObject();
        foreach (var (name, value) in item.Where(property => property.Key is "@odata.type" or "MetadataId" || select.Contains(property.Key)))
        {
            projected[name] = value?.DeepClone();
        }

        return projected;
    }

    /// <summary>Evaluates a <c>$filter</c> of comparisons with eq/ne joined by and/or/not.</summary>
    public static bool Matches(JsonObject item, FilterNode? filter, IReadOnlySet<string> selectable, string type) => filter switch
    {
        null => true,
        LogicalNode { Operator: "and" } node => Matches(item, node.Left, selectable, type) && Matches(item, node.Right, selectable, type),
        LogicalNode node => Matches(item, node.Left, selectable, type) || Matches(item, node.Right, selectable, type),
        NotNode node => !Matches(item, node.Operand, selectable, type),
        ComparisonNode { Operator: "eq" or "ne" } node => (node.Operator == "eq") == Equal(item, node, selectable, type),
        _ => throw DataverseErrors.NotImplemented("metadata $filter expressions other than eq and ne comparisons"),
    };

    private static bool Equal(JsonObject item, ComparisonNode node, IReadOnlySet<string> selectable, string type)
    {
        var (property, literal) = (node.Left, node.Right) switch
        {
            (PropertyNode left, LiteralNode right) => (left, right),
            (LiteralNode left, PropertyNode right) => (right, left),
            _ => throw DataverseErrors.QuerySyntax("A metadata $filter compares a property with a literal."),
        };

        if (!selectable.Contains(property.Name))
        {
            throw MetadataErrors.UnknownProperty(type, property.Name);
        }

        var value = item[property.Name];
        return (value?.GetValueKind(), literal.Value) switch
        {
            (null or JsonValueKind.Null, null) => true,
            (JsonValueKind.String, string text) => string.Equals(value!.GetValue<string>(), text, StringComparison.OrdinalIgnoreCase),
            (JsonValueKind.True or JsonValueKind.False, bool flag) => value!.GetValue<bool>() == flag,
            (JsonValueKind.Number, long or decimal) =>
                decimal.Parse(value!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(literal.Value, System.Globalization.CultureInfo.InvariantCulture),
            _ => false,
        };
    }
}
