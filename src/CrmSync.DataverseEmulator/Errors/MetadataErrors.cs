namespace CrmSync.DataverseEmulator.Errors;

/// <summary>How Dataverse refuses metadata requests (specs/dataverse.md §8).</summary>
public static class MetadataErrors
{
    public const string NotInMetadataCache = "0x80041102";

    // The platform's text for a table it does not know, as its SDK reports it.
    public static DataverseException EntityNotFound(string logicalName) =>
        new(404, NotInMetadataCache, $"The entity with a name = '{logicalName}' with namemapping = 'Logical' was not found in the MetadataCache.");

    public static DataverseException AttributeNotFound(string entity, string attribute) =>
        new(404, NotInMetadataCache, $"Could not find attribute with LogicalName = '{attribute}' on entity '{entity}'.");

    public static DataverseException KeyNotFound(string entity, string key) =>
        new(404, NotInMetadataCache, $"Could not find entity key with LogicalName = '{key}' on entity '{entity}'.");

    public static DataverseException InvalidKey(string type) =>
        new(400, DataverseErrors.InvalidRequest,
            $"The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.{type}'. Use LogicalName='name' or the MetadataId.");

    public static DataverseException UnknownProperty(string type, string property) =>
        new(400, "0x0", $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.{type}'.");
}
