using System.Diagnostics.CodeAnalysis;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// Salesforce ids for the simulator's records: key prefix (001 Account, 003 Contact), a fixed instance part and the
/// record's index in base 62, so they sort as the indexes do; then the three checksum letters of the 18-character form.
/// </summary>
public static class SalesforceIds
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string ChecksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private const string Instance = "Dn";
    private const int IndexDigits = 10;

    public static string KeyPrefix(this SimEntity entity) => entity == SimEntity.Account ? "001" : "003";

    public static string TypeName(this SimEntity entity) => entity == SimEntity.Account ? "Account" : "Contact";

    public static bool TryParseType(string? type, out SimEntity entity) =>
        SimEntities.TryParse(type, out entity) && string.Equals(type, entity.TypeName(), StringComparison.OrdinalIgnoreCase);

    public static string IdOf(SimEntity entity, int index) => IdOf(entity.KeyPrefix(), index);

    /// <summary>The 18-character id number <paramref name="sequence"/> of the object with this key prefix (e.g. 01g, a query locator).</summary>
    public static string IdOf(string keyPrefix, long sequence)
    {
        Span<char> digits = stackalloc char[IndexDigits];
        for (var position = IndexDigits - 1; position >= 0; position--, sequence /= Base62.Length)
        {
            digits[position] = Base62[(int)(sequence % Base62.Length)];
        }

        return WithChecksum(keyPrefix + Instance + new string(digits));
    }

    /// <summary>The 18-character form of a 15-character id: each 5-character block adds a letter whose bits mark its capitals.</summary>
    public static string WithChecksum(string id15)
    {
        Span<char> suffix = stackalloc char[3];
        for (var block = 0; block < 3; block++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                bits |= char.IsAsciiLetterUpper(id15[block * 5 + i]) ? 1 << i : 0;
            }

            suffix[block] = ChecksumAlphabet[bits];
        }

        return id15 + new string(suffix);
    }

    /// <summary>The index an id of this entity names, in its 15- or 18-character form, as the API accepts either.</summary>
    public static bool TryParse(SimEntity entity, string? id, [NotNullWhen(true)] out int? index)
    {
        index = null;
        if (id is not ({ Length: 15 } or { Length: 18 }) || !id.StartsWith(entity.KeyPrefix() + Instance, StringComparison.Ordinal) ||
            (id.Length == 18 && WithChecksum(id[..15]) != id))
        {
            return false;
        }

        var value = 0L;
        foreach (var digit in id.AsSpan(5, IndexDigits))
        {
            var place = Base62.IndexOf(digit);
            if (place < 0 || (value = value * Base62.Length + place) > int.MaxValue)
            {
                return false;
            }
        }

        index = value >= 1 ? (int)value : null;
        return index is not null;
    }
}
