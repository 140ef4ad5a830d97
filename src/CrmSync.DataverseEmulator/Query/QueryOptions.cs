using System.Globalization;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Schema;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Query;

public sealed record OrderByItem(ColumnDefinition Column, bool Descending);

/// <summary>The OData system query options of a request, checked against the table.</summary>
/// <param name="Select">The columns to return, or null for all of them.</param>
/// <param name="SelectText">The <c>$select</c> list as the client wrote it, for <c>@odata.context</c>.</param>
public sealed record QueryOptions(
    IReadOnlyList<ColumnDefinition>? Select,
    string? SelectText,
    FilterNode? Filter,
    IReadOnlyList<OrderByItem> OrderBy,
    int? Top,
    bool Count,
    string? SkipToken)
{
    private static readonly HashSet<string> Supported = ["$select", "$filter", "$orderby", "$top", "$count", "$skiptoken"];
    private static readonly HashSet<string> NotImplemented = ["$expand", "$apply", "$search", "$compute", "$levels", "fetchXml", "savedQuery", "userQuery"];

    public static QueryOptions Parse(TableDefinition table, IReadOnlyDictionary<string, StringValues> query)
    {
        foreach (var name in query.Keys)
        {
            if (name == "$skip")
            {
                throw DataverseErrors.SkipNotSupported();
            }

            if (NotImplemented.Contains(name))
            {
                throw DataverseErrors.NotImplemented(name);
            }

            if (name.StartsWith('$') && !Supported.Contains(name))
            {
                throw DataverseErrors.QuerySyntax($"The query parameter '{name}' is not supported.");
            }
        }

        var selectText = Value(query, "$select");
        var filterText = Value(query, "$filter");
        return new QueryOptions(
            ParseSelect(table, selectText),
            selectText,
            string.IsNullOrWhiteSpace(filterText) ? null : FilterParser.Parse(filterText),
            ParseOrderBy(table, Value(query, "$orderby")),
            ParseTop(Value(query, "$top")),
            ParseCount(Value(query, "$count")),
            Value(query, "$skiptoken"));
    }

    /// <summary>Writes answer with the written row, so only <c>$select</c> applies; <c>$expand</c> is ignored as Dataverse does.</summary>
    public static QueryOptions SelectOnly(TableDefinition table, IReadOnlyDictionary<string, StringValues> query)
    {
        var selectText = Value(query, "$select");
        return new QueryOptions(ParseSelect(table, selectText), selectText, null, [], null, false, null);
    }

    private static string? Value(IReadOnlyDictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static IReadOnlyList<ColumnDefinition>? ParseSelect(TableDefinition table, string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "*")
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => FilterTranslator.ResolveProperty(table, name))
            .Distinct()
            .ToList();
    }

    private static IReadOnlyList<OrderByItem> ParseOrderBy(TableDefinition table, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item =>
            {
                var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var descending = parts.Length == 2 && parts[1] == "desc";
                if (parts.Length > 2 || (parts.Length == 2 && !descending && parts[1] != "asc"))
                {
                    throw DataverseErrors.QuerySyntax($"Syntax error in $orderby at '{item}'.");
                }

                return new OrderByItem(FilterTranslator.ResolveProperty(table, parts[0]), descending);
            })
            .ToList();
    }

    private static int? ParseTop(string? text) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) ? top
        : throw DataverseErrors.QuerySyntax($"Invalid value '{text}' for $top query option found. The $top query option requires a non-negative integer value.");

    private static bool ParseCount(string? text) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw DataverseErrors.QuerySyntax($"'{text}' is not a valid count option."),
    };
}
