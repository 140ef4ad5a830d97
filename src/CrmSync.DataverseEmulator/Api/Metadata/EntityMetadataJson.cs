using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>EntityMetadata and EntityKeyMetadata as the Web API returns them (specs/dataverse.md §8).</summary>
public static class EntityMetadataJson
{
    public const string EntityType = "EntityMetadata";
    public const string KeyType = "EntityKeyMetadata";

    public static readonly IReadOnlySet<string> EntityProperties = Entity(StandardTables.Account).Select(property => property.Key).ToHashSet();

    public static readonly IReadOnlySet<string> KeyProperties = Key(StandardTables.Account, StandardTables.Account.AlternateKeys[0]).Select(property => property.Key).ToHashSet();

    public static Guid EntityId(TableDefinition table) => MetadataIds.For(table.LogicalName);

    public static Guid KeyId(TableDefinition table, AlternateKeyDefinition key) => MetadataIds.For(table.LogicalName, "keys", key.LogicalName);

    public static JsonObject Entity(TableDefinition table) => new()
    {
        ["MetadataId"] = EntityId(table),
        ["LogicalName"] = table.LogicalName,
        ["SchemaName"] = table.DisplayName,
        ["EntitySetName"] = table.EntitySetName,
        ["LogicalCollectionName"] = table.EntitySetName,
        ["CollectionSchemaName"] = table.DisplayCollectionName,
        ["ObjectTypeCode"] = table.ObjectTypeCode,
        ["PrimaryIdAttribute"] = table.PrimaryIdAttribute,
        ["PrimaryNameAttribute"] = table.PrimaryNameAttribute,
        // Rows carry a row version (the etag), so If-Match works: the emulator checks it on every write.
        ["IsOptimisticConcurrencyEnabled"] = true,
        ["ChangeTrackingEnabled"] = true,
        ["IsCustomEntity"] = false,
        ["IsManaged"] = true,
        ["IsActivity"] = false,
        ["IsValidForAdvancedFind"] = true,
        ["OwnershipType"] = "UserOwned",
        ["TableType"] = "Standard",
        ["DisplayName"] = Labels.Of(table.DisplayName, table.LogicalName),
        ["DisplayCollectionName"] = Labels.Of(table.DisplayCollectionName, table.LogicalName, "collection"),
    };

    public static JsonObject Key(TableDefinition table, AlternateKeyDefinition key) => new()
    {
        ["MetadataId"] = KeyId(table, key),
        ["LogicalName"] = key.LogicalName,
        ["SchemaName"] = key.LogicalName,
        ["EntityLogicalName"] = table.LogicalName,
        ["KeyAttributes"] = new JsonArray([.. key.KeyAttributes.Select(name => (JsonNode)name)]),
        // The emulator's keys are unique indexes that exist from the start, so they are always usable.
        ["EntityKeyIndexStatus"] = "Active",
        ["IsManaged"] = true,
        ["DisplayName"] = Labels.Of(key.DisplayName, table.LogicalName, "keys", key.LogicalName),
    };
}
