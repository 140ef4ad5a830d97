using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>One body part of a multipart message: its MIME headers and its content.</summary>
public sealed record MimePart(IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Splits a multipart/mixed body (RFC 2046) into its parts. Lines may end in CRLF, as the standard and Dataverse
/// write them, or in a bare LF, as hand-written requests often do.
/// </summary>
public static class MultipartReader
{
    public static IReadOnlyList<MimePart> Read(string text, string boundary)
    {
        var delimiter = "--" + boundary;
        var position = FindDelimiter(text, delimiter, 0) ?? throw BatchErrors.Malformed($"no '{delimiter}' delimiter was found.");
        var parts = new List<MimePart>();
        while (true)
        {
            var lineEnd = LineEnd(text, position);
            if (text.AsSpan(position + delimiter.Length).StartsWith("--", StringComparison.Ordinal))
            {
                return parts;
            }

            var start = Math.Min(lineEnd + 1, text.Length);
            var next = FindDelimiter(text, delimiter, start) ?? throw BatchErrors.Malformed($"the body does not end with '{delimiter}--'.");
            parts.Add(ReadPart(text[start..BeforeLineBreak(text, next)]));
            position = next;
        }
    }

    /// <summary>Reads header lines up to the first empty line; returns them and where the content starts.</summary>
    public static (Dictionary<string, string> Headers, int ContentStart) ReadHeaders(string text, int start)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = start;
        while (position < text.Length)
        {
            var lineEnd = LineEnd(text, position);
            var line = text[position..lineEnd].TrimEnd('\r');
            position = Math.Min(lineEnd + 1, text.Length);
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw BatchErrors.Malformed($"the header line '{line}' has no name.");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return (headers, position);
    }

    private static MimePart ReadPart(string text)
    {
        var (headers, contentStart) = ReadHeaders(text, 0);
        return new MimePart(headers, text[contentStart..]);
    }

    // A delimiter starts a line and is followed by "--", white space or the end of the line.
    private static int? FindDelimiter(string text, string delimiter, int from)
    {
        while (from < text.Length)
        {
            var index = text.IndexOf(delimiter, from, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            var after = index + delimiter.Length;
            var atLineStart = index == 0 || text[index - 1] == '\n';
            if (atLineStart && (after == text.Length || text[after] is '-' or '\r' or '\n' or ' ' or '\t'))
            {
                return index;
            }

            from = index + 1;
        }

        return null;
    }

    private static int LineEnd(string text, int position)
    {
        var end = text.IndexOf('\n', position);
        return end < 0 ? text.Length : end;
    }

    // The line break before a delimiter belongs to the delimiter, not to the part.
    private static int BeforeLineBreak(string text, int delimiter)
    {
        var end = delimiter;
        if (end > 0 && text[end - 1] == '\n')
        {
            end--;
        }

        if (end > 0 && text[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }
}
