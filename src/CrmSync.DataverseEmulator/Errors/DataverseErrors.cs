using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Errors;

/// <summary>
/// The errors the emulator answers with, with Dataverse's codes and message shapes
/// (specs/dataverse.md §1, §2, §6, §9 and Microsoft's "Troubleshoot Web API client errors" page).
/// </summary>
public static class DataverseErrors
{
    public const string ObjectDoesNotExist = "0x80040217";
    public const string DuplicateRecord = "0x80040237";
    public const string RecordNotFoundByKey = "0x80060891";
    public const string DuplicateRecordEntityKey = "0x80060892";
    public const string ConcurrencyVersionMismatch = "0x80060882";
    public const string ResourceNotFound = "0x8006088a";
    public const string InvalidRequest = "0x80060888";
    public const string PayloadError = "0x80048d19";
    public const string LengthExceeded = "0x80044331";
    public const string OptionValueOutOfRange = "0x8004431a";

    /// <summary>The emulator's code for an expired delta token; Dataverse's own is not in our notes (specs/crm-apis.md §D3).</summary>
    public const string ChangeTrackingTokenExpired = "0x80044352";

    // Microsoft's own examples answer unknown properties with code "0x0".
    private const string ODataUriError = "0x0";
    private const string PayloadHelp =
        "For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293";

    public static DataverseException NotFoundById(TableDefinition table, Guid id) =>
        new(404, ObjectDoesNotExist, $"{table.LogicalName} With Id = {id:D} Does Not Exist");

    public static DataverseException NotFoundByKey(TableDefinition table) =>
        new(404, RecordNotFoundByKey, $"A record with the specified key values does not exist in {table.LogicalName} entity");

    public static DataverseException MatchingKeyExists() =>
        new(412, DuplicateRecord, "A record with matching key values already exists.");

    public static DataverseException DuplicateKey(TableDefinition table, AlternateKeyDefinition key) =>
        new(412, DuplicateRecordEntityKey,
            $"A record that has the attribute values {string.Join(", ", key.KeyAttributes.Select(name => table.FindColumn(name)!.DisplayName))} already exists. " +
            $"The entity key {key.DisplayName} requires that this set of attributes contains unique values. Select unique values and try again.");

    public static DataverseException VersionMismatch() =>
        new(412, ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");

    public static DataverseException SegmentNotFound(string segment) =>
        new(404, ResourceNotFound, $"Resource not found for the segment '{segment}'.");

    public static DataverseException MethodNotAllowed(string method, string url) =>
        new(405, "", $"The requested resource does not support http method '{method}'. ({url})");

    public static DataverseException InvalidPayloadProperty(TableDefinition table, string property) =>
        new(400, ODataUriError,
            $"An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '{property}' was found in entity '{table.ODataTypeName}'. " +
            "---> Microsoft.OData.ODataException: Does not support untyped value in non-open type.");

    public static DataverseException UndeclaredNavigation(TableDefinition table, string property) =>
        Payload(table,
            $"Microsoft.OData.ODataException: An undeclared property '{property}' which only has property annotations in the payload but no property value was found in the payload. " +
            "In OData, only declared navigation properties and declared named streams can be represented as properties without values.");

    public static DataverseException Payload(TableDefinition table, string innerException) =>
        new(400, PayloadError,
            $"Error identified in Payload provided by the user for Entity :'{table.EntitySetName}', {PayloadHelp}  ---->  InnerException : {innerException}");

    public static DataverseException CannotConvert(TableDefinition table, string literal, ColumnDefinition column) =>
        Payload(table, $"Microsoft.OData.ODataException: Cannot convert the literal '{literal}' to the expected type '{column.EdmType}'.");

    public static DataverseException LookupValueWrite() =>
        new(400, InvalidRequest, "CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.");

    public static DataverseException TooLong(TableDefinition table, ColumnDefinition column) =>
        new(400, LengthExceeded,
            $"A validation error occurred. The length of the '{column.LogicalName}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{column.MaxLength}'.");

    public static DataverseException OptionOutOfRange(TableDefinition table, ColumnDefinition column, int value) =>
        new(400, OptionValueOutOfRange,
            $"A validation error occurred. The value {value} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. " +
            $"Accepted Values: {string.Join(",", column.OptionSet!.Options.Select(option => option.Value))}");

    public static DataverseException UnknownProperty(TableDefinition table, string property) =>
        new(400, ODataUriError, $"Could not find a property named '{property}' on type '{table.ODataTypeName}'.");

    public static DataverseException InvalidKey(TableDefinition table) =>
        new(400, InvalidRequest,
            $"The key in the request URI is not valid for resource '{table.ODataTypeName}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '{table.ODataTypeName}'.");

    public static DataverseException UnsupportedKeyCharacters() =>
        new(400, InvalidRequest, "Bad Request - Error in query syntax. Key values can't contain any of these characters: / < > * % & : \\ ? +");

    public static DataverseException QuerySyntax(string message) => new(400, InvalidRequest, message);

    public static DataverseException IncompatibleTypes(string left, string right, string operatorKind) =>
        new(400, InvalidRequest,
            $"A binary operator with incompatible types was detected. Found operand types '{left}' and '{right}' for operator kind '{operatorKind}'.");

    public static DataverseException SkipNotSupported() => new(400, ODataUriError, "The query parameter $skip is not supported");

    public static DataverseException Unexpected() => new(500, "0x80040216", "An unexpected error occurred.");

    // 400 rather than 501: a client must not retry a request the emulator will never serve.
    public static DataverseException NotImplemented(string feature) =>
        new(400, InvalidRequest, $"The Dataverse emulator does not implement {feature}.");
}
