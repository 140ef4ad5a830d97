using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>A webhook's JSON body, or a 400 that says why it is not JSON: every JSON connector starts here.</summary>
public static class WebhookJson
{
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {ex.Message}");
        }
    }
}
