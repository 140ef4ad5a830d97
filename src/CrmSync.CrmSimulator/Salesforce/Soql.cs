using System.Globalization;
using System.Text.RegularExpressions;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// The SOQL a sync and a read-back need, nothing more: <c>SELECT fields FROM Account|Contact</c>, then optionally
/// <c>WHERE Id IN ('…', …)</c> or <c>WHERE SystemModstamp &gt; 2026-01-01T00:00:00Z</c>, <c>ORDER BY Id</c>, <c>LIMIT n</c>.
/// </summary>
public sealed partial record Soql(SimEntity Entity, IReadOnlyList<string> Fields, IReadOnlySet<string>? Ids, DateTimeOffset? ModifiedAfter, int? Limit)
{
    /// <summary>The parsed query, or why Salesforce would refuse it, as its MALFORMED_QUERY / INVALID_FIELD / INVALID_TYPE message.</summary>
    public static (Soql? Query, SalesforceError? Error) Parse(string? text)
    {
        var match = text is null ? Match.Empty : Grammar().Match(text);
        if (!match.Success)
        {
            return Malformed("The simulator understands SELECT fields FROM Account|Contact [WHERE Id IN ('…') | WHERE SystemModstamp > datetime] [ORDER BY Id] [LIMIT n].");
        }

        if (!SalesforceIds.TryParseType(match.Groups["object"].Value, out var entity))
        {
            return (null, new SalesforceError($"sObject type '{match.Groups["object"].Value}' is not supported.", "INVALID_TYPE"));
        }

        var fields = new List<string>();
        foreach (var name in match.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (SalesforceFields.Resolve(entity, name) is not { } field)
            {
                return (null, new SalesforceError($"No such column '{name}' on entity '{entity.TypeName()}'.", "INVALID_FIELD"));
            }

            fields.Add(field);
        }

        if (match.Groups["order"].Success && !match.Groups["order"].Value.Equals("Id", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed("The simulator orders by Id only.");
        }

        var limit = match.Groups["limit"].Success ? int.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (!match.Groups["where"].Success)
        {
            return (new Soql(entity, fields, null, null, limit), null);
        }

        if (IdIn().Match(match.Groups["where"].Value) is { Success: true } idIn)
        {
            var ids = idIn.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries);
            if (ids.Any(id => id.Length < 2 || id[0] != '\'' || id[^1] != '\''))
            {
                return Malformed("Quote every id in IN ('…', '…').");
            }

            return (new Soql(entity, fields, ids.Select(id => id[1..^1]).ToHashSet(StringComparer.Ordinal), null, limit), null);
        }

        if (ModstampAfter().Match(match.Groups["where"].Value) is { Success: true } after &&
            DateTimeOffset.TryParse(after.Groups["time"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return (new Soql(entity, fields, null, time, limit), null);
        }

        return Malformed("The simulator filters by Id IN (…) or SystemModstamp > a datetime only.");
    }

    private static (Soql?, SalesforceError?) Malformed(string message) => (null, new SalesforceError(message, "MALFORMED_QUERY"));

    [GeneratedRegex(@"^\s*SELECT\s+(?<fields>[\w\s,]+?)\s+FROM\s+(?<object>\w+)(?:\s+WHERE\s+(?<where>.+?))?(?:\s+ORDER\s+BY\s+(?<order>\w+)(?:\s+ASC)?)?(?:\s+LIMIT\s+(?<limit>\d{1,9}))?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^Id\s+IN\s*\((?<ids>[^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex IdIn();

    [GeneratedRegex(@"^SystemModstamp\s*>\s*(?<time>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ModstampAfter();
}
