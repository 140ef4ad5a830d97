using System.Globalization;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Query;

/// <summary>Turns a parsed <c>$filter</c> into a SQL condition over the table's real columns, so SQLite's indexes do the work.</summary>
public static class FilterTranslator
{
    private static readonly Dictionary<string, (string Sql, string Kind, string Flipped)> Comparisons = new()
    {
        ["eq"] = ("=", "Equal", "eq"),
        ["ne"] = ("<>", "NotEqual", "ne"),
        ["gt"] = (">", "GreaterThan", "lt"),
        ["ge"] = (">=", "GreaterThanOrEqual", "le"),
        ["lt"] = ("<", "LessThan", "gt"),
        ["le"] = ("<=", "LessThanOrEqual", "ge"),
    };

    public static string Translate(TableDefinition table, FilterNode node, SqlParameters parameters) => node switch
    {
        LogicalNode logical => $"({Translate(table, logical.Left, parameters)} {logical.Operator.ToUpperInvariant()} {Translate(table, logical.Right, parameters)})",
        NotNode not => $"(NOT {Translate(table, not.Operand, parameters)})",
        ComparisonNode comparison => Compare(table, comparison, parameters),
        FunctionNode function => Function(table, function, parameters),
        _ => throw DataverseErrors.QuerySyntax("The $filter expression must evaluate to a single boolean value."),
    };

    public static ColumnDefinition ResolveProperty(TableDefinition table, string name) =>
        table.FindProperty(name) ?? throw DataverseErrors.UnknownProperty(table, name);

    private static string Compare(TableDefinition table, ComparisonNode comparison, SqlParameters parameters)
    {
        var (op, kind, flipped) = Comparisons[comparison.Operator];
        switch (comparison.Left, comparison.Right)
        {
            case (PropertyNode left, PropertyNode right):
                var a = ResolveProperty(table, left.Name);
                var b = ResolveProperty(table, right.Name);
                return a.EdmType == b.EdmType
                    ? $"({Column(a)} {op} {Column(b)})"
                    : throw DataverseErrors.IncompatibleTypes(a.EdmType, b.EdmType, kind);
            case (PropertyNode property, LiteralNode literal):
                return CompareToLiteral(table, ResolveProperty(table, property.Name), comparison.Operator, literal, parameters);
            case (LiteralNode literal, PropertyNode property):
                return CompareToLiteral(table, ResolveProperty(table, property.Name), flipped, literal, parameters);
            default:
                throw DataverseErrors.NotImplemented("$filter comparisons that do not involve a column");
        }
    }

    private static string CompareToLiteral(TableDefinition table, ColumnDefinition column, string operatorName, LiteralNode literal, SqlParameters parameters)
    {
        var (op, kind, _) = Comparisons[operatorName];
        if (literal.Kind == LiteralKind.Null)
        {
            return operatorName switch
            {
                "eq" => $"({Column(column)} IS NULL)",
                "ne" => $"({Column(column)} IS NOT NULL)",
                _ => throw DataverseErrors.IncompatibleTypes(column.EdmType, "<null>", kind),
            };
        }

        var value = StorageValue(column, literal) ?? throw DataverseErrors.IncompatibleTypes(column.EdmType, FilterLiterals.EdmType(literal.Kind), kind);
        return $"({Column(column)} {op} {parameters.Add(value)})";
    }

    private static object? StorageValue(ColumnDefinition column, LiteralNode literal) => (column.Type, literal.Value) switch
    {
        (AttributeType.String or AttributeType.Memo, string text) => text,
        (AttributeType.Integer or AttributeType.BigInt or AttributeType.Picklist or AttributeType.State or AttributeType.Status, long number) => number,
        (AttributeType.Money, long number) => (double)number,
        (AttributeType.Money, decimal number) => (double)number,
        (AttributeType.Uniqueidentifier or AttributeType.Lookup or AttributeType.Customer, Guid id) => id.ToString("D"),
        (AttributeType.DateTime, DateOnly date) when column.IsDateOnly => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        (AttributeType.DateTime, DateOnly date) => date.ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture),
        (AttributeType.DateTime, DateTimeOffset moment) when !column.IsDateOnly =>
            moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Function(TableDefinition table, FunctionNode function, SqlParameters parameters)
    {
        var pattern = function.Name switch
        {
            "contains" => "%{0}%",
            "startswith" => "{0}%",
            "endswith" => "%{0}",
            _ when function.Name.StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal) =>
                throw DataverseErrors.NotImplemented($"the query function '{function.Name}'"),
            _ => throw DataverseErrors.QuerySyntax($"An unknown function with name '{function.Name}' was found."),
        };

        if (function.Arguments is not [PropertyNode property, LiteralNode { Kind: LiteralKind.String, Value: string text }])
        {
            throw DataverseErrors.QuerySyntax($"The function '{function.Name}' takes a column and a string literal.");
        }

        var column = ResolveProperty(table, property.Name);
        if (column.Type is not (AttributeType.String or AttributeType.Memo))
        {
            throw DataverseErrors.QuerySyntax($"No function signature for the function with name '{function.Name}' matches the column '{property.Name}' of type '{column.EdmType}'.");
        }

        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return $"({Column(column)} LIKE {parameters.Add(string.Format(CultureInfo.InvariantCulture, pattern, escaped))} ESCAPE '\\')";
    }

    private static string Column(ColumnDefinition column) => StorageColumns.Quote(column.LogicalName);
}
