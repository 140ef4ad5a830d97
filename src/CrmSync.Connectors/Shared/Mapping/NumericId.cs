using System.Globalization;
using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// CRMs with integer ids (Zendesk, Pipedrive, HubSpot) send them as JSON numbers in records and as strings in
/// webhooks; both become the same digits, so a record read from a page and named by a webhook is one record.
/// </summary>
public static class NumericId
{
    /// <summary>The id's canonical digits, or null when the value is not a positive integer.</summary>
    public static string? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) && number > 0 => number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
