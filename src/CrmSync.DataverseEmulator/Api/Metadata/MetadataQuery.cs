using System.Text.RegularExpressions;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Query;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>The options a metadata query may carry: <c>$select</c>, <c>$filter</c> and <c>$expand</c> (with nested options); metadata is never paged.</summary>
public sealed partial record MetadataQuery(IReadOnlyList<string>? Select, FilterNode? Filter, IReadOnlyDictionary<string, MetadataQuery> Expand)
{
    public static readonly MetadataQuery None = new(null, null, new Dictionary<string, MetadataQuery>());

    public static MetadataQuery Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        foreach (var name in query.Keys.Where(name => name.StartsWith('$') && name is not ("$select" or "$filter" or "$expand")))
        {
            throw DataverseErrors.QuerySyntax($"The query parameter '{name}' is not supported for metadata queries.");
        }

        return Create(Value(query, "$select"), Value(query, "$filter"), Value(query, "$expand"));
    }

    /// <summary>The selected names for <c>@odata.context</c>, e.g. <c>(LogicalName,EntitySetName)</c>.</summary>
    public string ContextSuffix
    {
        get
        {
            var names = (Select ?? []).Concat(Expand.Keys).ToList();
            return names.Count == 0 ? "" : $"({string.Join(',', names)})";
        }
    }

    private static MetadataQuery Create(string? select, string? filter, string? expand) => new(
        string.IsNullOrWhiteSpace(select) ? null : select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        // Enum literals such as Microsoft.Dynamics.CRM.AttributeTypeCode'String' compare as their names.
        string.IsNullOrWhiteSpace(filter) ? null : FilterParser.Parse(EnumLiteral().Replace(filter, "'$1'")),
        ParseExpand(expand));

    private static Dictionary<string, MetadataQuery> ParseExpand(string? text)
    {
        var expand = new Dictionary<string, MetadataQuery>(StringComparer.Ordinal);
        foreach (var item in SplitTopLevel(text ?? "", ','))
        {
            var open = item.IndexOf('(');
            if (open < 0)
            {
                expand[item] = None;
                continue;
            }

            var options = SplitTopLevel(item[(open + 1)..^1], ';')
                .Select(option => option.Split('=', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal);
            expand[item[..open].Trim()] = Create(options.GetValueOrDefault("$select"), options.GetValueOrDefault("$filter"), options.GetValueOrDefault("$expand"));
        }

        return expand;
    }

    private static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var start = 0;
        for (var index = 0; index <= text.Length; index++)
        {
            if (index == text.Length || (text[index] == separator && depth == 0))
            {
                if (text[start..index].Trim() is { Length: > 0 } item)
                {
                    yield return item;
                }

                start = index + 1;
            }
            else if (text[index] == '(')
            {
                depth++;
            }
            else if (text[index] == ')')
            {
                depth--;
            }
        }
    }

    private static string? Value(IReadOnlyDictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    [GeneratedRegex(@"Microsoft\.Dynamics\.CRM\.\w+'([^']*)'")]
    private static partial Regex EnumLiteral();
}
