using System.Text.Json;

namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Zendesk's versions: <c>updated_at</c> (and an event's <c>time</c>) as RFC 3339 timestamps, never integers, so a
/// record read from a page and the same record read back for a webhook order the same way.
/// </summary>
public static class ZendeskVersion
{
    public static bool TryParse(JsonElement value, out ChangeVersion version)
    {
        version = default;
        return value.ValueKind == JsonValueKind.String && value.GetString()!.Contains('T') && ChangeValues.TryParseVersion(value, out version);
    }
}
