using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>
/// The <c>sdkmessagefilters</c> table, enough for the query that detects bulk-message support (specs/dataverse.md §3):
/// <c>$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'account'</c>, literals or <c>@aliases</c>.
/// </summary>
public sealed class SdkMessageFilterHandler(DataverseSchema schema)
{
    private const string EntitySet = "sdkmessagefilters";
    private const string MessageName = "sdkmessageid/name";
    private const string Table = "primaryobjecttypecode";

    private static readonly string[] SingleRecordMessages = ["Create", "Update", "Delete", "Retrieve", "RetrieveMultiple", "Upsert"];

    // UpsertMultiple is never listed, even where it works: Dataverse documents that this query does not find it.
    private static readonly string[] BulkMessages = ["CreateMultiple", "UpdateMultiple"];

    private static readonly HashSet<string> Columns =
        ["sdkmessagefilterid", Table, "secondaryobjecttypecode", "_sdkmessageid_value", "iscustomprocessingstepallowed", "isvisible"];

    public WebApiResponse Handle(WebApiRequest request)
    {
        if (request.Path != EntitySet)
        {
            throw DataverseErrors.SegmentNotFound(Uri.UnescapeDataString(request.Path));
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            throw DataverseErrors.MethodNotAllowed(request.Method, $"{request.ServiceRoot}{request.Path}");
        }

        var selectText = request.Query.TryGetValue("$select", out var select) ? select.ToString() : null;
        var selected = selectText?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in (selected ?? []).Where(name => !Columns.Contains(name)))
        {
            throw DataverseErrors.QuerySyntax($"Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.sdkmessagefilter'.");
        }

        var filter = request.Query.TryGetValue("$filter", out var filterText) ? FilterParser.Parse(filterText.ToString()) : null;
        var rows = Rows()
            .Where(row => Matches(row, filter, request))
            .Select(row => Project(row.Json, selected))
            .ToList();
        var suffix = selectText is null ? "" : $"({selectText.Replace(" ", "", StringComparison.Ordinal)})";
        var body = new JsonObject { ["@odata.context"] = $"{request.ServiceRoot}$metadata#{EntitySet}{suffix}", ["value"] = new JsonArray([.. rows]) };
        return WebApiResponse.Json(200, writer => body.WriteTo(writer));
    }

    private IEnumerable<(string Message, string Table, JsonObject Json)> Rows() =>
        from table in schema.Tables
        from message in schema.SupportsBulkMessages ? [.. SingleRecordMessages, .. BulkMessages] : SingleRecordMessages
        select (message, table.LogicalName, new JsonObject
        {
            ["@odata.etag"] = "W/\"1\"",
            ["sdkmessagefilterid"] = MetadataIds.For("sdkmessagefilter", message, table.LogicalName),
            [Table] = table.LogicalName,
            ["secondaryobjecttypecode"] = "none",
            ["_sdkmessageid_value"] = MetadataIds.For("sdkmessage", message),
            ["iscustomprocessingstepallowed"] = true,
            ["isvisible"] = true,
        });

    private static JsonObject Project(JsonObject row, string[]? selected)
    {
        var projected = new JsonObject();
        foreach (var (name, value) in row.Where(property => selected is null || property.Key is "@odata.etag" or "sdkmessagefilterid" || selected.Contains(property.Key)))
        {
            projected[name] = value?.DeepClone();
        }

        return projected;
    }

    private static bool Matches((string Message, string Table, JsonObject Json) row, FilterNode? filter, WebApiRequest request) => filter switch
    {
        null => true,
        LogicalNode { Operator: "and" } node => Matches(row, node.Left, request) && Matches(row, node.Right, request),
        LogicalNode node => Matches(row, node.Left, request) || Matches(row, node.Right, request),
        ComparisonNode { Operator: "eq", Left: PropertyNode property } node => string.Equals(
            property.Name switch
            {
                MessageName => row.Message,
                Table => row.Table,
                _ => throw DataverseErrors.NotImplemented($"filtering sdkmessagefilters on '{property.Name}'"),
            },
            Literal(node.Right, request),
            StringComparison.OrdinalIgnoreCase),
        _ => throw DataverseErrors.NotImplemented("sdkmessagefilters filters other than eq comparisons on sdkmessageid/name and primaryobjecttypecode"),
    };

    // A parameter alias (@message) takes its value from the query string, e.g. @message='CreateMultiple'.
    private static string? Literal(FilterNode node, WebApiRequest request) => node switch
    {
        LiteralNode { Value: string text } => text,
        PropertyNode { Name: ['@', ..] alias } when request.Query.TryGetValue(alias, out var value) &&
            FilterParser.Parse($"x eq {value}") is ComparisonNode { Right: LiteralNode { Value: string text } } => text,
        _ => throw DataverseErrors.QuerySyntax("Compare sdkmessageid/name and primaryobjecttypecode with a string literal or a parameter alias."),
    };
}
