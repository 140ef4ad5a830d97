namespace CrmSync.Salesforce.Apex.Tests;

/// <summary>
/// The 18-character id check, written here independently of the connector's and the simulator's, as the oracle:
/// each 5-character block of the 15-character id gives one suffix letter, its bits the block's upper-case letters.
/// </summary>
public static class SalesforceIdOracle
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    public static bool IsValid18(string? id, string keyPrefix) =>
        id is { Length: 18 } && id.StartsWith(keyPrefix, StringComparison.Ordinal) && id.All(char.IsAsciiLetterOrDigit) &&
        Enumerable.Range(0, 3).All(block => id[15 + block] == SuffixAlphabet[BlockBits(id.AsSpan(block * 5, 5))]);

    private static int BlockBits(ReadOnlySpan<char> block)
    {
        var bits = 0;
        for (var i = 0; i < block.Length; i++)
        {
            bits |= char.IsAsciiLetterUpper(block[i]) ? 1 << i : 0;
        }

        return bits;
    }
}
