using System.Globalization;
using System.Text.Json;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// Pipedrive's times. <c>update_time</c> is RFC 3339 in API v2 and <c>yyyy-MM-dd HH:mm:ss</c> (UTC) in older
/// payloads; the webhooks guide calls <c>meta.timestamp</c> a 10-character (Unix seconds) timestamp while its sample
/// shows ISO 8601. Every form becomes the same timestamp version, so a page and a webhook order alike.
/// </summary>
public static class PipedriveVersion
{
    private const string SpaceForm = "yyyy-MM-dd HH:mm:ss";

    public static bool TryParse(JsonElement value, out ChangeVersion version)
    {
        version = default;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var seconds) && TryFromSeconds(seconds, out version);
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            return false;
        }

        if (text.Length == 10 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
        {
            return TryFromSeconds(digits, out version);
        }

        if (DateTimeOffset.TryParseExact(text, SpaceForm, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            version = ChangeVersion.FromTimestamp(time);
            return true;
        }

        return text.Contains('T') && ChangeValues.TryParseVersion(value, out version);
    }

    private static bool TryFromSeconds(long seconds, out ChangeVersion version)
    {
        version = default;
        if (seconds is < 0 or > 253402300799)
        {
            return false;
        }

        version = ChangeVersion.FromTimestamp(DateTimeOffset.FromUnixTimeSeconds(seconds));
        return true;
    }
}
