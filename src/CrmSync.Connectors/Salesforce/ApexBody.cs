using System.Text.Json;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// The body CrmSync's Apex sends (CONTRACT.md): <c>{"operation":"insert|update|delete|undelete","records":[…]}</c>,
/// up to 200 records of one trigger batch. Every error names the record and member at fault.
/// </summary>
public static class ApexBody
{
    public const int MaxRecords = 200;

    public static IReadOnlyList<SalesforceRecord> Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JSON may escape half a surrogate pair ("\ud800"): it parses, but is no string .NET can read.
                throw new WebhookFormatException("The body holds a string that is not valid UTF-16 (a lone surrogate escape).");
            }
        }
    }

    private static IReadOnlyList<SalesforceRecord> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException("The body must be an object {\"operation\":…,\"records\":[…]}.");
        }

        var operation = root.TryGetProperty("operation", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString() : null;
        if (operation is not ("insert" or "update" or "delete" or "undelete"))
        {
            throw new WebhookFormatException($"operation '{operation}' is not insert, update, delete or undelete.");
        }

        if (!root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array ||
            records.GetArrayLength() is 0 or > MaxRecords)
        {
            throw new WebhookFormatException($"records must be an array of 1 to {MaxRecords} records.");
        }

        return records.EnumerateArray()
            .Select((record, index) => SalesforceRecord.Read(record, operation == "delete", $"records[{index}]", message => new WebhookFormatException(message)))
            .ToList();
    }
}
