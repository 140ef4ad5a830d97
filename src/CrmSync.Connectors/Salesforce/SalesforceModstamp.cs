using System.Globalization;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// SystemModstamp, the version of a Salesforce record: <c>2026-11-23T10:00:00.000+0000</c> in REST and Apex JSON (an
/// offset without a colon, which .NET's general parser refuses), <c>2026-11-23T10:00:00.000Z</c> in SOAP.
/// </summary>
public static class SalesforceModstamp
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:sszzz",
    ];

    public static bool TryParse(string? text, out ChangeVersion version)
    {
        var parsed = TryParseTime(text, out var time);
        version = parsed ? ChangeVersion.FromTimestamp(time) : default;
        return parsed;
    }

    /// <summary>A Salesforce dateTime as a time: a SystemModstamp, a deletedDate, getDeleted's earliestDateAvailable.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (text is not { Length: >= 20 and <= 40 })
        {
            return false;
        }

        // +0000 → +00:00, which zzz reads.
        var colonised = text.Length > 5 && (text[^5] is '+' or '-') && char.IsAsciiDigit(text[^1]) ? text[..^2] + ":" + text[^2..] : text;
        return DateTimeOffset.TryParseExact(colonised, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
}
