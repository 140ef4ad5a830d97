using System.Text.RegularExpressions;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>One segment of a metadata path: <c>EntityDefinitions(LogicalName='account')</c> is the name and the key text.</summary>
public sealed partial record MetadataSegment(string Name, string? Key)
{
    /// <summary>Splits the raw path after <c>/api/data/v9.2/</c>; quoted key values may hold '/'.</summary>
    public static IReadOnlyList<MetadataSegment> Split(string rawPath)
    {
        var segments = new List<MetadataSegment>();
        var rest = rawPath;
        while (rest.Length > 0)
        {
            var end = ResourcePath.EndOfFirstSegment(rest);
            var segment = Uri.UnescapeDataString(rest[..end]);
            var open = segment.IndexOf('(');
            segments.Add(open < 0 || !segment.EndsWith(')')
                ? new MetadataSegment(segment, null)
                : new MetadataSegment(segment[..open], segment[(open + 1)..^1].Trim()));
            rest = end < rest.Length ? rest[(end + 1)..] : "";
        }

        return segments;
    }

    /// <summary>Whether the key (<c>LogicalName='x'</c> or a MetadataId) names this item.</summary>
    public bool Names(string logicalName, Guid metadataId, string type)
    {
        if (Guid.TryParse(Key, out var id))
        {
            return id == metadataId;
        }

        var match = LogicalNameKey().Match(Key ?? "");
        return match.Success
            ? match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) == logicalName
            : throw MetadataErrors.InvalidKey(type);
    }

    /// <summary>The logical name the key asks for, for error messages.</summary>
    public string KeyName => LogicalNameKey().Match(Key ?? "") is { Success: true } match ? match.Groups[1].Value : Key ?? "";

    [GeneratedRegex(@"^LogicalName\s*=\s*'((?:[^']|'')*)'$")]
    private static partial Regex LogicalNameKey();
}
