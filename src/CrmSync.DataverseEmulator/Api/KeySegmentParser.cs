using System.Globalization;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>Parses the part between the parentheses of <c>accounts(…)</c>: a GUID or <c>name=value</c> pairs.</summary>
public static class KeySegmentParser
{
    // Dataverse refuses these in key values in a URL (specs/dataverse.md §1).
    private static readonly char[] UnsupportedKeyCharacters = ['/', '<', '>', '*', '%', '&', ':', '\\', '?', '+'];

    public static RecordKey Parse(TableDefinition table, string keyText)
    {
        var text = keyText.Trim();
        if (TryParseGuid(text, out var id))
        {
            return new PrimaryKey(id);
        }

        var pairs = SplitPairs(table, text);
        if (pairs.Count == 1 && pairs.ContainsKey(table.PrimaryIdAttribute))
        {
            return TryParseGuid(pairs[table.PrimaryIdAttribute], out id) ? new PrimaryKey(id) : throw DataverseErrors.InvalidKey(table);
        }

        var definition = table.AlternateKeys.FirstOrDefault(key =>
            key.KeyAttributes.Count == pairs.Count && key.KeyAttributes.All(pairs.ContainsKey))
            ?? throw DataverseErrors.InvalidKey(table);

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var name in definition.KeyAttributes)
        {
            values[name] = ParseValue(table, table.FindColumn(name)!, pairs[name]);
        }

        return new AlternateKey(definition, values);
    }

    private static bool TryParseGuid(string text, out Guid id) =>
        Guid.TryParseExact(text, "D", out id) || Guid.TryParseExact(text, "B", out id);

    private static object ParseValue(TableDefinition table, ColumnDefinition column, string literal)
    {
        if (column.Type is AttributeType.String or AttributeType.Memo)
        {
            if (literal.Length < 2 || literal[0] != '\'' || literal[^1] != '\'')
            {
                throw DataverseErrors.InvalidKey(table);
            }

            var value = literal[1..^1].Replace("''", "'", StringComparison.Ordinal);
            return value.IndexOfAny(UnsupportedKeyCharacters) >= 0 ? throw DataverseErrors.UnsupportedKeyCharacters() : value;
        }

        if (column.IsChoice || column.Type == AttributeType.Integer)
        {
            return int.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw DataverseErrors.InvalidKey(table);
        }

        if (column.IsLookup || column.Type == AttributeType.Uniqueidentifier)
        {
            return TryParseGuid(literal, out var id) ? id : throw DataverseErrors.InvalidKey(table);
        }

        throw DataverseErrors.InvalidKey(table);
    }

    private static Dictionary<string, string> SplitPairs(TableDefinition table, string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                throw DataverseErrors.InvalidKey(table);
            }

            var name = text[position..equals].Trim();
            var end = EndOfValue(table, text, equals + 1);
            if (name.Length == 0 || !pairs.TryAdd(name, text[(equals + 1)..end].Trim()))
            {
                throw DataverseErrors.InvalidKey(table);
            }

            position = end + 1;
        }

        return pairs;
    }

    private static int EndOfValue(TableDefinition table, string text, int start)
    {
        var index = start;
        while (index < text.Length && text[index] == ' ')
        {
            index++;
        }

        if (index < text.Length && text[index] == '\'')
        {
            // A quote inside a string value is doubled, so '' does not end the value.
            index++;
            while (true)
            {
                if (index >= text.Length)
                {
                    throw DataverseErrors.InvalidKey(table);
                }

                if (text[index] == '\'')
                {
                    if (index + 1 < text.Length && text[index + 1] == '\'')
                    {
                        index += 2;
                        continue;
                    }

                    index++;
                    break;
                }

                index++;
            }
        }

        var comma = text.IndexOf(',', index);
        return comma < 0 ? text.Length : comma;
    }
}
