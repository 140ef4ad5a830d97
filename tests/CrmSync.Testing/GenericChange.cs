using System.Text.Json;

namespace CrmSync.Testing;

/// <summary>One change in the generic webhook format (DESIGN.md §9), as a CRM sends it.</summary>
/// <param name="Version">An integer, or an RFC 3339 timestamp string.</param>
public sealed record GenericChange(string Entity, string Id, object Version)
{
    public string Op { get; init; } = "upsert";

    public string? Url { get; init; }

    public string? ParentAccountId { get; init; }

    /// <summary>Column name to value: an anonymous object (<c>new { name = "Contoso" }</c>) or a dictionary.</summary>
    public object? Fields { get; init; }

    public static GenericChange Account(string id, object version, object? fields = null) =>
        new("account", id, version) { Fields = fields };

    public static GenericChange Contact(string id, object version, string? parentAccountId, object? fields = null) =>
        new("contact", id, version) { ParentAccountId = parentAccountId, Fields = fields };

    public static GenericChange Delete(string entity, string id, object version) =>
        new(entity, id, version) { Op = "delete" };

    /// <summary>The request body: the change itself when alone, otherwise an array.</summary>
    public static string Body(IReadOnlyList<GenericChange> changes) =>
        changes.Count == 1
            ? changes[0].ToJson().ToJsonString()
            : new JsonArray([.. changes.Select(change => (JsonNode)change.ToJson())]).ToJsonString();

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["entity"] = Entity,
            ["id"] = Id,
            ["op"] = Op,
            ["version"] = JsonSerializer.SerializeToNode(Version),
        };
        if (Url is not null)
        {
            json["url"] = Url;
        }

        if (ParentAccountId is not null)
        {
            json["parentAccountId"] = ParentAccountId;
        }

        if (Fields is not null)
        {
            json["fields"] = JsonSerializer.SerializeToNode(Fields);
        }

        return json;
    }

    public override string ToString() => ToJson().ToJsonString();
}
