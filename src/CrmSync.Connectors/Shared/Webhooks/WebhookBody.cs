using System.Text.Json;
using System.Text.Unicode;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// A webhook's JSON body, checked whole before use: JsonDocument only finds invalid UTF-8 inside a string when the string
/// is read, which would throw past a connector's format checks and answer 5xx instead of 400.
/// </summary>
public static class WebhookBody
{
    public static JsonDocument ParseJson(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new WebhookFormatException("The body is not valid UTF-8; send JSON encoded as UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {ex.Message}");
        }
    }
}
