using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>Records and errors in the JSON Salesforce's REST API writes.</summary>
public static class SalesforceJson
{
    /// <summary><c>{"attributes":{"type","url"}, field: value…}</c>; the fields in the order given, as a SOQL SELECT lists them.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, SimRecord record, IEnumerable<string> fields, string apiVersion)
    {
        writer.WriteStartObject();
        WriteAttributes(writer, record.Entity, SalesforceIds.IdOf(record.Entity, record.Index), apiVersion);
        foreach (var field in fields)
        {
            writer.WriteString(field, SalesforceFields.Value(record, field));
        }

        writer.WriteEndObject();
    }

    public static void WriteAttributes(Utf8JsonWriter writer, SimEntity entity, string id, string apiVersion)
    {
        writer.WriteStartObject("attributes");
        writer.WriteString("type", entity.TypeName());
        writer.WriteString("url", $"/services/data/{apiVersion}/sobjects/{entity.TypeName()}/{id}");
        writer.WriteEndObject();
    }

    /// <summary>Salesforce's REST error body: an array of <c>{"message","errorCode"}</c>.</summary>
    public static IResult Error(int status, string errorCode, string message) =>
        Results.Json(new[] { new SalesforceError(message, errorCode) }, statusCode: status);

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
}

public sealed record SalesforceError(string Message, string ErrorCode);
