using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>
/// <c>EntityDefinitions</c>, its <c>Attributes</c> (with type casts and <c>$expand=OptionSet</c>) and <c>Keys</c>
/// (specs/dataverse.md §8), built from the configured <see cref="DataverseSchema"/> so removed columns are absent.
/// </summary>
public sealed class MetadataHandler(DataverseSchema schema)
{
    private static readonly IReadOnlySet<string> OptionSetProperties = new HashSet<string> { "MetadataId", "Name", "IsGlobal", "IsManaged", "OptionSetType", "Options" };

    public WebApiResponse Handle(WebApiRequest request)
    {
        if (!HttpMethods.IsGet(request.Method))
        {
            throw DataverseErrors.MethodNotAllowed(request.Method, $"{request.ServiceRoot}{request.Path}");
        }

        var segments = MetadataSegment.Split(request.Path);
        var query = MetadataQuery.Parse(request.Query);
        var root = $"{request.ServiceRoot}$metadata#";
        if (segments[0].Key is null)
        {
            return segments.Count == 1
                ? Collection($"{root}EntityDefinitions{query.ContextSuffix}", schema.Tables
                    .Where(table => MetadataProjection.Matches(EntityMetadataJson.Entity(table), query.Filter, EntityMetadataJson.EntityProperties, EntityMetadataJson.EntityType))
                    .Select(table => Entity(table, query)))
                : throw DataverseErrors.SegmentNotFound(segments[1].Name);
        }

        var table = schema.Tables.FirstOrDefault(candidate => segments[0].Names(candidate.LogicalName, EntityMetadataJson.EntityId(candidate), EntityMetadataJson.EntityType))
            ?? throw MetadataErrors.EntityNotFound(segments[0].KeyName);
        if (segments.Count == 1)
        {
            return Single($"{root}EntityDefinitions{query.ContextSuffix}/$entity", Entity(table, query));
        }

        var parent = $"{root}EntityDefinitions('{table.LogicalName}')";
        return segments[1].Name switch
        {
            "Attributes" => Attributes(table, segments, query, parent),
            "Keys" when segments.Count == 2 => Keys(table, segments[1], query, parent),
            _ => throw DataverseErrors.SegmentNotFound(segments[Math.Min(2, segments.Count - 1)].Name),
        };
    }

    private static WebApiResponse Attributes(TableDefinition table, IReadOnlyList<MetadataSegment> segments, MetadataQuery query, string parent)
    {
        var attribute = segments[1];
        var type = AttributeMetadataJson.BaseType;
        if (segments.Count > 2)
        {
            var cast = segments[2].Name;
            type = segments.Count == 3 && cast.StartsWith(ResourcePath.ActionNamespace, StringComparison.Ordinal) &&
                AttributeMetadataJson.IsKnownType(cast[ResourcePath.ActionNamespace.Length..])
                    ? cast[ResourcePath.ActionNamespace.Length..]
                    : throw DataverseErrors.SegmentNotFound(segments[^1].Name);
        }

        var castSuffix = type == AttributeMetadataJson.BaseType ? "" : $"/Microsoft.Dynamics.CRM.{type}";
        var context = $"{parent}/Attributes{castSuffix}{query.ContextSuffix}";
        if (attribute.Key is null)
        {
            // A filter may name properties the $select leaves out, so it sees the whole item.
            return Collection(context, table.Columns
                .Where(column => AttributeMetadataJson.IsOfType(column, type) &&
                    MetadataProjection.Matches(AttributeMetadataJson.Full(table, column), query.Filter, AttributeMetadataJson.PropertiesOf(type), type))
                .Select(column => Attribute(table, column, type, query)));
        }

        var found = table.Columns.FirstOrDefault(column => attribute.Names(column.LogicalName, AttributeMetadataJson.Id(table, column), type))
            ?? throw MetadataErrors.AttributeNotFound(table.LogicalName, attribute.KeyName);
        return AttributeMetadataJson.IsOfType(found, type)
            ? Single($"{context}/$entity", Attribute(table, found, type, query))
            : throw DataverseErrors.SegmentNotFound($"Microsoft.Dynamics.CRM.{type}");
    }

    private static WebApiResponse Keys(TableDefinition table, MetadataSegment segment, MetadataQuery query, string parent)
    {
        var context = $"{parent}/Keys{query.ContextSuffix}";
        if (segment.Key is null)
        {
            return Collection(context, table.AlternateKeys
                .Where(key => MetadataProjection.Matches(EntityMetadataJson.Key(table, key), query.Filter, EntityMetadataJson.KeyProperties, EntityMetadataJson.KeyType))
                .Select(key => Key(table, key, query)));
        }

        var found = table.AlternateKeys.FirstOrDefault(key => segment.Names(key.LogicalName, EntityMetadataJson.KeyId(table, key), EntityMetadataJson.KeyType))
            ?? throw MetadataErrors.KeyNotFound(table.LogicalName, segment.KeyName);
        return Single($"{context}/$entity", Key(table, found, query));
    }

    private static JsonObject Entity(TableDefinition table, MetadataQuery query)
    {
        var item = MetadataProjection.Select(EntityMetadataJson.Entity(table), query.Select, EntityMetadataJson.EntityProperties, EntityMetadataJson.EntityType);
        foreach (var (name, nested) in query.Expand)
        {
            item[name] = name switch
            {
                "Attributes" => new JsonArray([.. table.Columns
                    .Where(column => MetadataProjection.Matches(AttributeMetadataJson.Full(table, column), nested.Filter, AttributeMetadataJson.BaseProperties, AttributeMetadataJson.BaseType))
                    .Select(column => (JsonNode)Attribute(table, column, AttributeMetadataJson.BaseType, nested))]),
                "Keys" => new JsonArray([.. table.AlternateKeys
                    .Where(key => MetadataProjection.Matches(EntityMetadataJson.Key(table, key), nested.Filter, EntityMetadataJson.KeyProperties, EntityMetadataJson.KeyType))
                    .Select(key => (JsonNode)Key(table, key, nested))]),
                _ => throw MetadataErrors.UnknownProperty(EntityMetadataJson.EntityType, name),
            };
        }

        return item;
    }

    private static JsonObject Attribute(TableDefinition table, ColumnDefinition column, string type, MetadataQuery query)
    {
        var item = MetadataProjection.Select(AttributeMetadataJson.Full(table, column), query.Select, AttributeMetadataJson.PropertiesOf(type), type);
        // The type annotation is needed only where the value's type differs from the one the URL names.
        if (type != AttributeMetadataJson.BaseType)
        {
            item.Remove("@odata.type");
        }

        foreach (var (name, nested) in query.Expand)
        {
            item[name] = (name, AttributeMetadataJson.CanExpandOptionSet(type)) switch
            {
                ("OptionSet", true) => MetadataProjection.Select(AttributeMetadataJson.OptionSet(table, column), nested.Select, OptionSetProperties, "OptionSetMetadata"),
                // The emulator's choices are local option sets, so the global one is null, as Dataverse answers for them.
                ("GlobalOptionSet", true) => null,
                _ => throw MetadataErrors.UnknownProperty(type, name),
            };
        }

        return item;
    }

    private static JsonObject Key(TableDefinition table, AlternateKeyDefinition key, MetadataQuery query) =>
        MetadataProjection.Select(EntityMetadataJson.Key(table, key), query.Select, EntityMetadataJson.KeyProperties, EntityMetadataJson.KeyType);

    private static WebApiResponse Single(string context, JsonObject item)
    {
        var body = new JsonObject { ["@odata.context"] = context };
        foreach (var (name, value) in item.ToList())
        {
            item.Remove(name);
            body[name] = value;
        }

        return Write(body);
    }

    private static WebApiResponse Collection(string context, IEnumerable<JsonObject> items) =>
        Write(new JsonObject { ["@odata.context"] = context, ["value"] = new JsonArray([.. items]) });

    private static WebApiResponse Write(JsonObject body) => WebApiResponse.Json(200, writer => body.WriteTo(writer));
}
