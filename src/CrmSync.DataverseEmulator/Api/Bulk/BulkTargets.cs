using System.Text.Json;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api.Bulk;

/// <summary>Reads <c>{"Targets":[…]}</c>, checking each item's <c>@odata.type</c> before anything is written.</summary>
public static class BulkTargets
{
    public static IReadOnlyList<BulkTarget> Parse(DataverseSchema schema, TableDefinition table, string message, ReadOnlyMemory<byte> body)
    {
        using var document = ParseDocument(table, body);
        var root = document.RootElement;
        JsonElement? targets = null;
        foreach (var property in root.EnumerateObject())
        {
            targets = property.Name == "Targets" ? property.Value : throw BulkErrors.UnknownParameter(message, property.Name);
        }

        if (targets is not { ValueKind: JsonValueKind.Array } items)
        {
            throw BulkErrors.MissingTargets(message);
        }

        var parsed = new List<BulkTarget>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            parsed.Add(ParseItem(schema, table, parsed.Count, item));
        }

        return parsed;
    }

    private static JsonDocument ParseDocument(TableDefinition table, ReadOnlyMemory<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException exception)
        {
            throw DataverseErrors.Payload(table, $"Microsoft.OData.ODataException: {exception.Message}");
        }

        throw DataverseErrors.Payload(table, "Microsoft.OData.ODataException: The request body must be a JSON object with a 'Targets' array.");
    }

    private static BulkTarget ParseItem(DataverseSchema schema, TableDefinition table, int index, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw DataverseErrors.Payload(table, $"Microsoft.OData.ODataException: The item at index {index} of 'Targets' is not a JSON object.");
        }

        if (!item.TryGetProperty("@odata.type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw BulkErrors.MissingODataType(table, index);
        }

        var typeName = type.GetString()!;
        if (typeName.TrimStart('#') != table.ODataTypeName)
        {
            throw BulkErrors.WrongODataType(table, index, typeName);
        }

        var changes = RecordPayload.Read(schema, table, item);
        if (item.TryGetProperty("@odata.id", out var odataId))
        {
            var reference = odataId.ValueKind == JsonValueKind.String ? ResourcePath.ParseReference(schema, odataId.GetString()!) : null;
            return reference is not null && reference.Table == table
                ? new BulkTarget(index, changes, reference.Key, KeyFromODataId: true)
                : throw BulkErrors.InvalidODataId(table, index, odataId.ToString());
        }

        return new BulkTarget(index, changes, changes.Id is { } id ? new PrimaryKey(id) : null, KeyFromODataId: false);
    }
}
