using System.Globalization;
using System.Text.Json;

namespace CrmSync.Connectors;

/// <summary>
/// The value rules every connector shares, so a record read from a webhook and the same record read from an
/// API page end with the same version and the same raw field values. Each caller words its own error.
/// </summary>
public static class ChangeValues
{
    /// <summary>An integer (or a string of digits), or an RFC 3339 timestamp with an offset.</summary>
    public static bool TryParseVersion(JsonElement version, out ChangeVersion parsed)
    {
        parsed = default;
        if (version.ValueKind == JsonValueKind.Number && version.TryGetInt64(out var number) && number >= 0)
        {
            parsed = ChangeVersion.FromInteger(number);
            return true;
        }

        if (version.ValueKind != JsonValueKind.String || version.GetString() is not { Length: > 0 } text)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
        {
            parsed = ChangeVersion.FromInteger(digits);
            return true;
        }

        // An offset is required: a timestamp without one means different instants on different machines.
        if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T')))
        {
            parsed = ChangeVersion.FromTimestamp(timestamp);
            return true;
        }

        return false;
    }

    /// <summary>A Dataverse column takes a string, number, boolean or null, never an object or array.</summary>
    public static bool IsColumnValue(JsonElement value) =>
        value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Undefined);

    /// <summary>A parent account id is the account's source id as a non-empty JSON string, or JSON null.</summary>
    public static bool IsParentAccountId(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;
}
