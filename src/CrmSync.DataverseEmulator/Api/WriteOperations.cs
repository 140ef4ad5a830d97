using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Records;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>POST create, PATCH upsert and DELETE, answered as Dataverse answers them (specs/dataverse.md §1, §2).</summary>
public sealed class WriteOperations(RecordWriter writer)
{
    public async Task<WebApiResponse> CreateAsync(WebApiRequest request, ResourcePath path, CancellationToken cancellationToken)
    {
        var select = QueryOptions.SelectOnly(path.Table, request.Query);
        var changes = RecordPayload.Parse(path.Table, request.Body);
        var result = await writer.CreateAsync(path.Table, changes, cancellationToken);
        // A create answers with the GUID URL of the new row.
        var entityId = $"{request.ServiceRoot}{path.Table.EntitySetName}({result.Row.Id:D})";
        return Answer(request, path, select, result, entityId);
    }

    public async Task<WebApiResponse> UpsertAsync(WebApiRequest request, ResourcePath path, CancellationToken cancellationToken)
    {
        var select = QueryOptions.SelectOnly(path.Table, request.Query);
        var changes = RecordPayload.Parse(path.Table, request.Body);
        var result = await writer.UpsertAsync(path.Table, path.Key!, changes, request.WriteConditions, cancellationToken);
        // An upsert echoes the URL it was addressed by, an alternate-key URL included, whether it created or updated.
        return Answer(request, path, select, result, $"{request.ServiceRoot}{path.RawSegment}");
    }

    public async Task<WebApiResponse> DeleteAsync(WebApiRequest request, ResourcePath path, CancellationToken cancellationToken)
    {
        await writer.DeleteAsync(path.Table, path.Key!, request.WriteConditions, cancellationToken);
        return WebApiResponse.NoContent();
    }

    private static WebApiResponse Answer(WebApiRequest request, ResourcePath path, QueryOptions select, WriteResult result, string entityId)
    {
        if (!request.Preferences.ReturnRepresentation)
        {
            return WebApiResponse.NoContent().With("OData-EntityId", entityId);
        }

        var context = RecordJson.EntityContext(request.ServiceRoot, path.Table, select.SelectText);
        return WebApiResponse.Json(result.Created ? 201 : 200, json => RecordJson.WriteEntity(json, result.Row, select.Select, context))
            .With("OData-EntityId", entityId)
            .With("ETag", result.Row.ETag)
            .With("Preference-Applied", "return=representation");
    }
}
