using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// The small JSON path subset a REST source's settings use: <c>$</c> (the value itself), <c>$.a.b</c> or
/// <c>a.b</c> (members), <c>a[0].b</c> (array items) and <c>['@odata.nextLink']</c> for a member whose name
/// holds a dot. No wildcards or filters: each path names one value, so a record maps to one change.
/// </summary>
public sealed class JsonPath
{
    public const string Syntax = "$, $.a.b, a.b, a[0].b or $['name.with.dots']";

    private readonly object[] segments;

    private JsonPath(string text, object[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    /// <summary>The first member name the path reads (<c>name</c> for <c>$.name.first</c>), or null for <c>$</c> or an index.</summary>
    public string? FirstMember => MemberAt(0);

    /// <summary>The member name at <paramref name="position"/> (<c>email</c> at 1 in <c>properties.email</c>), or null where there is none.</summary>
    public string? MemberAt(int position) => position < segments.Length ? segments[position] as string : null;

    public static bool TryParse(string? text, out JsonPath path)
    {
        path = null!;
        if (string.IsNullOrWhiteSpace(text) || text != text.Trim())
        {
            return false;
        }

        var segments = new List<object>();
        var position = 0;
        if (text[0] == '$')
        {
            position = 1;
        }
        else if (!TryReadName(text, ref position, segments))
        {
            return false;
        }

        while (position < text.Length)
        {
            var step = text[position++];
            var read = step switch
            {
                '.' => TryReadName(text, ref position, segments),
                '[' => TryReadBracket(text, ref position, segments),
                _ => false,
            };
            if (!read)
            {
                return false;
            }
        }

        path = new JsonPath(text, [.. segments]);
        return true;
    }

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' is not a JSON path; write {Syntax}.");

    /// <summary>The value at this path, or false when a member or item on the way is absent.</summary>
    public bool TryFind(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case string name when value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var member):
                    value = member;
                    break;
                case int index when value.ValueKind == JsonValueKind.Array && index < value.GetArrayLength():
                    value = value[index];
                    break;
                default:
                    value = default;
                    return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static bool TryReadName(string text, ref int position, List<object> segments)
    {
        var start = position;
        while (position < text.Length && text[position] is not ('.' or '[' or ']' or '$' or '*' or '\'' or '"') && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        if (position == start)
        {
            return false;
        }

        segments.Add(text[start..position]);
        return true;
    }

    private static bool TryReadBracket(string text, ref int position, List<object> segments)
    {
        var close = text.IndexOf(']', position);
        if (close < 0)
        {
            return false;
        }

        var inside = text[position..close];
        position = close + 1;
        if (inside.Length >= 3 && inside[0] is ('\'' or '"') && inside[^1] == inside[0] && inside.IndexOf(inside[0], 1) == inside.Length - 1)
        {
            segments.Add(inside[1..^1]);
            return true;
        }

        if (inside.Length > 0 && inside.All(char.IsAsciiDigit) && int.TryParse(inside, out var index))
        {
            segments.Add(index);
            return true;
        }

        return false;
    }
}
