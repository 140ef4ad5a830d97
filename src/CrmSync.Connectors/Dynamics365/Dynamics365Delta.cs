using System.Globalization;
using System.Text.Json;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// A change-tracking answer: changed rows first (whole records at their versionnumber), then <c>$deletedEntity</c>
/// stubs, which carry no version. A stub's delete is versioned by the new delta token's row version, which the
/// delete preceded, so it outranks every version the row had.
/// </summary>
public static class Dynamics365Delta
{
    public static IReadOnlyList<RecordChange> Read(JsonElement root, string entity, FieldMapping mapping, Uri organisation, string nextLink, Func<string, Exception> problem)
    {
        var deletedAt = ChangeVersion.FromInteger(TokenVersion(nextLink) ?? throw problem($"the delta link '{nextLink}' has no $deltatoken"));
        var changes = new List<RecordChange>();
        foreach (var row in root.GetProperty("value").EnumerateArray())
        {
            if (row.TryGetProperty("@odata.context", out var context) && context.GetString()?.EndsWith("$deletedEntity", StringComparison.Ordinal) == true)
            {
                var id = row.TryGetProperty("id", out var value) && value.TryGetGuid(out var guid) ? guid : throw problem("a $deletedEntity stub has no GUID id");
                changes.Add(new RecordChange(entity, Dynamics365Records.Id(id), ChangeOperation.Delete, deletedAt, []));
            }
            else
            {
                changes.Add(Dynamics365Records.Read(row, entity, mapping, organisation, problem));
            }
        }

        return changes;
    }

    /// <summary>The row version in <c>$deltatoken={version}!{date}</c>.</summary>
    public static long? TokenVersion(string deltaLink)
    {
        var start = deltaLink.IndexOf("$deltatoken=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var token = Uri.UnescapeDataString(deltaLink[(start + "$deltatoken=".Length)..].Split('&')[0]);
        var bang = token.IndexOf('!');
        return long.TryParse(bang < 0 ? token : token[..bang], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
