using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Errors;

/// <summary>How Dataverse refuses CreateMultiple, UpdateMultiple and UpsertMultiple requests (specs/dataverse.md §3).</summary>
public static class BulkErrors
{
    public const string EntityDoesNotSupportMessage = "0x80040800";
    public const string InvalidArgument = "0x80040203";

    // The SDK's text for a message the table has no processor for; the same query that detects support answers empty.
    public static DataverseException MessageNotSupported(string message, TableDefinition table) =>
        new(400, EntityDoesNotSupportMessage,
            $"The '{message}' method does not support entities of type '{table.LogicalName}'. MessageProcessorCache returned MessageProcessor.Empty.");

    public static DataverseException MissingTargets(string message) =>
        new(400, "0x0", $"The parameter 'Targets' of the operation '{message}' is missing from the request payload.");

    public static DataverseException UnknownParameter(string message, string parameter) =>
        new(400, "0x0", $"The parameter '{parameter}' in the request payload is not a valid parameter for the operation '{message}'.");

    public static DataverseException MissingODataType(TableDefinition table, int index) =>
        DataverseErrors.Payload(table,
            $"Microsoft.OData.ODataException: The item at index {index} of 'Targets' has no '@odata.type' annotation. Each item must name its table, e.g. \"@odata.type\": \"{table.ODataTypeName}\".");

    public static DataverseException WrongODataType(TableDefinition table, int index, string type) =>
        DataverseErrors.Payload(table,
            $"Microsoft.OData.ODataException: The item at index {index} of 'Targets' has type '{type}', but the operation is bound to '{table.ODataTypeName}'.");

    public static DataverseException InvalidODataId(TableDefinition table, int index, string value) =>
        DataverseErrors.Payload(table,
            $"Microsoft.OData.ODataException: The '@odata.id' value '{value}' of the item at index {index} of 'Targets' does not identify a {table.LogicalName} record.");

    public static DataverseException IdRequiredForUpdate() => new(400, InvalidArgument, "Entity Id must be specified for Update");

    public static DataverseException DuplicateTargets(TableDefinition table, int first, int second) =>
        new(400, DataverseErrors.InvalidRequest,
            $"The items at index {first} and {second} of 'Targets' identify the same {table.LogicalName} record. UpsertMultiple does not allow duplicate keys.");

    // Seen on real environments: a create through UpsertMultiple whose body repeats a key column of its @odata.id (specs/dataverse.md §1).
    public static DataverseException KeyColumnInBodyOnCreate() => new(400, "0x80040216", "An unexpected error occurred.");
}
