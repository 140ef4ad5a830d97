namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// Salesforce ids in their 18-character form, whichever form arrives, so a record has one grain: the Apex and the
/// REST API send 18 characters, people and reports 15. The three suffix letters say which letters of each 5-character
/// block are capitals, so an 18-character id whose case was lost is restored too.
/// </summary>
public static class SalesforceIds
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>The 18-character id, or null when <paramref name="id"/> is not a Salesforce id.</summary>
    public static string? Normalize(string? id)
    {
        if (id is not ({ Length: 15 } or { Length: 18 }) || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        if (id.Length == 15)
        {
            return id + Suffix(id);
        }

        var restored = RestoreCase(id);
        return restored is not null && Suffix(restored) == restored[15..] ? restored : null;
    }

    private static string Suffix(ReadOnlySpan<char> id15)
    {
        Span<char> suffix = stackalloc char[3];
        for (var block = 0; block < 3; block++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                bits |= char.IsAsciiLetterUpper(id15[block * 5 + i]) ? 1 << i : 0;
            }

            suffix[block] = SuffixAlphabet[bits];
        }

        return new string(suffix);
    }

    /// <summary>The first 15 characters with each letter's case as the suffix says, and the suffix as Salesforce writes it.</summary>
    private static string? RestoreCase(string id18)
    {
        var chars = id18.ToCharArray();
        for (var block = 0; block < 3; block++)
        {
            var bits = SuffixAlphabet.IndexOf(char.ToUpperInvariant(chars[15 + block]));
            if (bits < 0)
            {
                return null;
            }

            chars[15 + block] = SuffixAlphabet[bits];
            for (var i = 0; i < 5; i++)
            {
                var at = block * 5 + i;
                chars[at] = (bits & (1 << i)) != 0 ? char.ToUpperInvariant(chars[at]) : char.ToLowerInvariant(chars[at]);
            }
        }

        return new string(chars);
    }
}
