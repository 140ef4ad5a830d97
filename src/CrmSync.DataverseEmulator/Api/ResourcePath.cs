using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// An entity-set resource: <c>accounts</c>, <c>accounts(&lt;key&gt;)</c>, or an action bound to the set such as
/// <c>accounts/Microsoft.Dynamics.CRM.UpsertMultiple</c>, with the key as the client wrote it.
/// </summary>
/// <param name="RawSegment">The segment exactly as requested, still percent-encoded: Dataverse echoes it in OData-EntityId.</param>
/// <param name="Operation">The bound action's name without its namespace, e.g. <c>UpsertMultiple</c>.</param>
public sealed record ResourcePath(TableDefinition Table, RecordKey? Key, string RawSegment, string? Operation = null)
{
    public const string WebApiPrefix = "/api/data/v9.2/";
    public const string ActionNamespace = "Microsoft.Dynamics.CRM.";

    /// <summary>Parses the raw (percent-encoded) path that follows <c>/api/data/v9.2/</c>.</summary>
    public static ResourcePath Parse(DataverseSchema schema, string rawPath)
    {
        var end = EndOfFirstSegment(rawPath);
        var rawSegment = rawPath[..end];
        var rest = end < rawPath.Length ? Uri.UnescapeDataString(rawPath[(end + 1)..]) : null;

        var segment = Uri.UnescapeDataString(rawSegment);
        var open = segment.IndexOf('(');
        var name = open < 0 ? segment : segment[..open];
        var table = schema.FindByEntitySet(name) ?? throw DataverseErrors.SegmentNotFound(segment);
        if (open < 0)
        {
            return rest switch
            {
                null => new ResourcePath(table, null, rawSegment),
                _ when rest.StartsWith(ActionNamespace, StringComparison.Ordinal) && !rest.Contains('/') =>
                    new ResourcePath(table, null, rawSegment, rest[ActionNamespace.Length..]),
                _ => throw DataverseErrors.SegmentNotFound(rest.Split('/')[0]),
            };
        }

        if (rest is not null)
        {
            throw DataverseErrors.SegmentNotFound(rest.Split('/')[0]);
        }

        if (!segment.EndsWith(')') || segment.Length - open <= 2)
        {
            throw DataverseErrors.InvalidKey(table);
        }

        return new ResourcePath(table, KeySegmentParser.Parse(table, segment[(open + 1)..^1]), rawSegment);
    }

    /// <summary>
    /// Parses an <c>@odata.bind</c> or <c>@odata.id</c> value: <c>/accounts(…)</c>, <c>accounts(…)</c> or a full Web API URL.
    /// Returns null when the value does not name one row of a known table.
    /// </summary>
    public static ResourcePath? ParseReference(DataverseSchema schema, string reference)
    {
        var path = reference.Trim();
        var prefix = path.IndexOf(WebApiPrefix, StringComparison.OrdinalIgnoreCase);
        path = prefix >= 0 ? path[(prefix + WebApiPrefix.Length)..] : path.TrimStart('/');
        try
        {
            var parsed = Parse(schema, path);
            return parsed.Key is null ? null : parsed;
        }
        catch (DataverseException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    // A quoted key value may hold an unencoded '/', so only a '/' outside the parentheses ends the segment.
    public static int EndOfFirstSegment(string rawPath)
    {
        var depth = 0;
        var inString = false;
        for (var index = 0; index < rawPath.Length; index++)
        {
            switch (rawPath[index])
            {
                case '\'':
                    inString = !inString;
                    break;
                case '(' when !inString:
                    depth++;
                    break;
                case ')' when !inString:
                    depth--;
                    break;
                case '/' when !inString && depth == 0:
                    return index;
            }
        }

        return rawPath.Length;
    }
}
