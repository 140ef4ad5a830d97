using System.Globalization;
using System.Text.Json;
using CrmSync.DataverseEmulator.Api;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Records;

/// <summary>Reads a create/update body into <see cref="RecordChanges"/>, refusing what Dataverse refuses.</summary>
public static class RecordPayload
{
    private const string BindSuffix = "@odata.bind";

    public static RecordChanges Parse(DataverseSchema schema, TableDefinition table, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw DataverseErrors.Payload(table, $"Microsoft.OData.ODataException: {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw DataverseErrors.Payload(table,
                    $"Microsoft.OData.ODataException: An unexpected '{document.RootElement.ValueKind}' node was found when reading from the JSON reader. A 'StartObject' node was expected.");
            }

            return Read(schema, table, document.RootElement);
        }
    }

    /// <summary>Reads one JSON object, e.g. an item of a bulk message's <c>Targets</c>.</summary>
    public static RecordChanges Read(DataverseSchema schema, TableDefinition table, JsonElement body)
    {
        var changes = new RecordChanges();
        foreach (var property in body.EnumerateObject())
        {
            Read(schema, table, property, changes);
        }

        return changes;
    }

    private static void Read(DataverseSchema schema, TableDefinition table, JsonProperty property, RecordChanges changes)
    {
        var name = property.Name;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            ReadAnnotation(schema, table, name[..at], name[(at + 1)..], property.Value, changes);
            return;
        }

        if (name == table.PrimaryIdAttribute)
        {
            changes.Id = property.Value.ValueKind == JsonValueKind.String && Guid.TryParse(property.Value.GetString(), out var id)
                ? id
                : throw DataverseErrors.CannotConvert(table, property.Value.GetRawText(), table.PrimaryKey);
            return;
        }

        if (table.FindProperty(name) is { IsLookup: true })
        {
            throw DataverseErrors.LookupValueWrite();
        }

        var column = table.FindColumn(name);
        if (column is null || column.IsLookup)
        {
            throw DataverseErrors.InvalidPayloadProperty(table, name);
        }

        // Dataverse ignores values for columns that are not valid for create or update (createdon, fullname, …).
        if (!column.IsReadOnly)
        {
            changes.Values[name] = Convert(table, column, property.Value);
        }
    }

    private static void ReadAnnotation(DataverseSchema schema, TableDefinition table, string target, string annotation, JsonElement value, RecordChanges changes)
    {
        if (annotation != "odata.bind")
        {
            // Instance annotations (@odata.etag, @odata.type) and annotations of known properties are ignored.
            if (target.Length > 0 && table.FindProperty(target) is null && table.FindNavigation(target) is null)
            {
                throw DataverseErrors.UndeclaredNavigation(table, target);
            }

            return;
        }

        var navigation = table.FindNavigation(target) ?? throw DataverseErrors.UndeclaredNavigation(table, target);
        if (value.ValueKind == JsonValueKind.Null)
        {
            changes.Binds.Add(new LookupBind(navigation.Column, navigation.Target, null));
            return;
        }

        var reference = value.ValueKind == JsonValueKind.String ? ResourcePath.ParseReference(schema, value.GetString()!) : null;
        if (reference is null || reference.Table.LogicalName != navigation.Target.Table)
        {
            throw DataverseErrors.Payload(table,
                $"Microsoft.OData.ODataException: The value '{value.GetRawText()}' of '{target}{BindSuffix}' does not identify a {navigation.Target.Table} record.");
        }

        changes.Binds.Add(new LookupBind(navigation.Column, navigation.Target, reference.Key));
    }

    private static object? Convert(TableDefinition table, ColumnDefinition column, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (column.Type)
        {
            case AttributeType.String or AttributeType.Memo:
                var text = value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw DataverseErrors.CannotConvert(table, value.GetRawText(), column);
                if (text.Length > column.MaxLength)
                {
                    throw DataverseErrors.TooLong(table, column);
                }

                // Dataverse stores an empty string as null.
                return text.Length == 0 ? null : text;

            case AttributeType.Integer or AttributeType.Picklist or AttributeType.State or AttributeType.Status:
                var number = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var parsed)
                    ? parsed
                    : throw DataverseErrors.CannotConvert(table, value.GetRawText(), column);
                if (column.OptionSet is { } options && options.Find(number) is null)
                {
                    throw DataverseErrors.OptionOutOfRange(table, column, number);
                }

                return (long)number;

            case AttributeType.Money:
                return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var money)
                    ? (double)money
                    : throw DataverseErrors.CannotConvert(table, value.GetRawText(), column);

            case AttributeType.DateTime when column.IsDateOnly:
                return value.ValueKind == JsonValueKind.String &&
                    DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : throw DataverseErrors.CannotConvert(table, value.GetRawText(), column);

            default:
                throw DataverseErrors.InvalidPayloadProperty(table, column.LogicalName);
        }
    }
}
