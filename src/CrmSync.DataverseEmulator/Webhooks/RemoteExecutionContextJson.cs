using System.Globalization;
using System.Text.Json;
using CrmSync.DataverseEmulator.Api;
using CrmSync.DataverseEmulator.Records;

namespace CrmSync.DataverseEmulator.Webhooks;

/// <summary>
/// The JSON of <c>Microsoft.Xrm.Sdk.RemoteExecutionContext</c> a Dataverse webhook posts (specs/crm-apis.md §D1):
/// DataContract collections as <c>[{"key","value"}]</c>, an Entity Target (an EntityReference on Delete), lookups as
/// EntityReferences and dates in WCF's <c>/Date(ms)/</c>.
/// </summary>
public static class RemoteExecutionContextJson
{
    public static byte[] Write(string message, Row row, IReadOnlyCollection<string> targetColumns, bool postImage, DateTimeOffset at) =>
        WebApiResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("MessageName", message);
            writer.WriteString("PrimaryEntityName", row.Table.LogicalName);
            writer.WriteString("PrimaryEntityId", row.Id.ToString("D"));
            writer.WriteNumber("Stage", 40);
            writer.WriteNumber("Mode", 1);
            writer.WriteNumber("Depth", 1);
            writer.WriteString("OperationCreatedOn", Date(at));
            writer.WriteString("OrganizationName", "emulator");
            writer.WriteStartArray("InputParameters");
            writer.WriteStartObject();
            writer.WriteString("key", "Target");
            writer.WritePropertyName("value");
            if (message == "Delete")
            {
                Reference(writer, row.Table.LogicalName, row.Id.ToString("D"));
            }
            else
            {
                Entity(writer, row, targetColumns);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("PostEntityImages");
            if (postImage && message != "Delete")
            {
                writer.WriteStartObject();
                writer.WriteString("key", "PostImage");
                writer.WritePropertyName("value");
                Entity(writer, row, [.. row.Values.Keys]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("PreEntityImages");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }).Body!;

    private static void Entity(Utf8JsonWriter writer, Row row, IEnumerable<string> columns)
    {
        writer.WriteStartObject();
        writer.WriteString("__type", "Entity:http://schemas.microsoft.com/xrm/2011/Contracts");
        writer.WriteStartArray("Attributes");
        foreach (var name in columns)
        {
            if (row.Table.FindColumn(name) is not { } column)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("key", name);
            writer.WritePropertyName("value");
            var value = row[name];
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else if (RecordJson.TargetTable(column, row) is { } table)
            {
                Reference(writer, table, (string)value);
            }
            else if (name is "createdon" or "modifiedon" && value is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out var date))
            {
                writer.WriteStringValue(Date(date));
            }
            else
            {
                JsonSerializer.Serialize(writer, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("Id", row.Id.ToString("D"));
        writer.WriteString("LogicalName", row.Table.LogicalName);
        writer.WriteEndObject();
    }

    private static void Reference(Utf8JsonWriter writer, string table, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("__type", "EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts");
        writer.WriteString("Id", id);
        writer.WriteString("LogicalName", table);
        writer.WriteEndObject();
    }

    private static string Date(DateTimeOffset at) => $"/Date({at.ToUnixTimeMilliseconds()})/";
}
