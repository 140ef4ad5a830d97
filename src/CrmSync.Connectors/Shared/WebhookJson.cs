using System.Text.Json;

namespace CrmSync.Connectors.Shared;

/// <summary>A webhook's JSON body, or a 400 that says why it is not JSON: every JSON connector starts here.</summary>
public static class WebhookJson
{
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        // The JSON reader checks UTF-8 only where it must; a bad sequence inside a string would surface later, as an
        // InvalidOperationException from GetString, so the whole body is checked here.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookFormatException("The body is not valid JSON: it is not UTF-8; send the CRM's body unchanged.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {ex.Message}");
        }

        try
        {
            RefuseUnreadableStrings(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>A body that must be one JSON object, as most CRMs send; anything else is a 400 that says what it is.</summary>
    public static JsonDocument Object(ReadOnlySpan<byte> body)
    {
        var document = Parse(body);
        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WebhookFormatException($"The body is a JSON {kind.ToString().ToLowerInvariant()}, not the object this CRM sends.");
        }

        return document;
    }

    /// <summary>
    /// JSON may escape half a surrogate pair ("\ud800"), which the parser accepts but no .NET string can hold: reading it
    /// later throws, and the gateway would answer 503 to a body that is simply invalid. One pass here makes every
    /// string of the body readable, or refuses the body with a 400, for every connector at once.
    /// </summary>
    private static void RefuseUnreadableStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Readable(() => property.Name);
                    RefuseUnreadableStrings(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RefuseUnreadableStrings(item);
                }

                break;
            case JsonValueKind.String:
                Readable(element.GetString);
                break;
        }
    }

    private static void Readable(Func<string?> read)
    {
        try
        {
            read();
        }
        catch (InvalidOperationException)
        {
            throw new WebhookFormatException("The body is not valid JSON: a string holds half of a UTF-16 surrogate pair.");
        }
    }
}
