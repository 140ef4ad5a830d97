using System.Text.Json;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>Reads a webhook body that must be one JSON object; anything else is a 400 that says so.</summary>
public static class WebhookJson
{
    public static JsonDocument Object(byte[] body)
    {
        // The JSON reader checks UTF-8 only where it must; a bad sequence inside a string would surface later, as an
        // InvalidOperationException from GetString, so the whole body is checked here.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookFormatException("The body is not valid UTF-8; send the business rule's body unchanged.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not JSON ({ex.Message}); send the business rule's body unchanged.");
        }

        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WebhookFormatException($"The body is a JSON {kind.ToString().ToLowerInvariant()}, not the object a business rule sends.");
        }

        return document;
    }
}
