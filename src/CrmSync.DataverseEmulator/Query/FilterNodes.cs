namespace CrmSync.DataverseEmulator.Query;

/// <summary>The parsed form of a <c>$filter</c> expression, before names are checked against a table.</summary>
public abstract record FilterNode;

public sealed record LogicalNode(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotNode(FilterNode Operand) : FilterNode;

public sealed record ComparisonNode(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

public sealed record FunctionNode(string Name, IReadOnlyList<FilterNode> Arguments) : FilterNode;

public sealed record PropertyNode(string Name) : FilterNode;

public enum LiteralKind
{
    Null,
    String,
    Integer,
    Decimal,
    Boolean,
    Guid,
    DateTimeOffset,
    Date,
}

/// <param name="Value">string, long, decimal, bool, Guid, DateTimeOffset or DateOnly; null for <see cref="LiteralKind.Null"/>.</param>
public sealed record LiteralNode(LiteralKind Kind, object? Value, string Text) : FilterNode;
