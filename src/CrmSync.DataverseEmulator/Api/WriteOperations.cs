using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>POST create, PATCH upsert and DELETE, answered as Dataverse answers them (specs/dataverse.md §1, §2).</summary>
public sealed class WriteOperations(RecordWriter writer, DataverseSchema schema, Webhooks.WebhookNotifier webhooks)
{
    public PreparedWrite Create(WebApiRequest request, ResourcePath path)
    {
        var select = QueryOptions.SelectOnly(path.Table, request.Query);
        var changes = RecordPayload.Parse(schema, path.Table, request.Body);
        var id = changes.Id ?? Guid.NewGuid();
        // A create answers with the GUID URL of the new row.
        var entityId = $"{request.ServiceRoot}{path.Table.EntitySetName}({id:D})";
        return new PreparedWrite(
            session => writer.Create(session, path.Table, id, changes),
            result => Notified(Answer(request, path, select, result!, entityId), result!, changes),
            entityId);
    }

    public PreparedWrite Upsert(WebApiRequest request, ResourcePath path)
    {
        var select = QueryOptions.SelectOnly(path.Table, request.Query);
        var changes = RecordPayload.Parse(schema, path.Table, request.Body);
        var conditions = request.WriteConditions;
        // An upsert echoes the URL it was addressed by, an alternate-key URL included, whether it created or updated.
        var entityId = $"{request.ServiceRoot}{path.RawSegment}";
        return new PreparedWrite(
            session => writer.Upsert(session, path.Table, path.Key!, changes, conditions),
            result => Notified(Answer(request, path, select, result!, entityId), result!, changes),
            entityId);
    }

    public PreparedWrite Delete(WebApiRequest request, ResourcePath path)
    {
        var conditions = request.WriteConditions;
        Row? deleted = null;
        return new PreparedWrite(
            session =>
            {
                deleted = session.Find(path.Table, path.Key!);
                writer.Delete(session, path.Table, path.Key!, conditions);
                return null;
            },
            _ =>
            {
                if (deleted is not null)
                {
                    webhooks.Written("Delete", deleted, []);
                }

                return WebApiResponse.NoContent();
            });
    }

    /// <summary>The answer runs once the write is committed, so that is when its webhook may go.</summary>
    private WebApiResponse Notified(WebApiResponse answer, WriteResult result, RecordChanges changes)
    {
        webhooks.Written(result.Created ? "Create" : "Update", result.Row, [.. changes.Values.Keys, .. changes.Binds.Select(b => b.Column.LogicalName), "modifiedon"]);
        return answer;
    }

    private static WebApiResponse Answer(WebApiRequest request, ResourcePath path, QueryOptions select, WriteResult result, string entityId)
    {
        if (!request.Preferences.ReturnRepresentation)
        {
            return WebApiResponse.NoContent().With("OData-EntityId", entityId);
        }

        var context = RecordJson.EntityContext(request.ServiceRoot, path.Table, select.SelectText);
        return WebApiResponse.Json(result.Created ? 201 : 200, json => RecordJson.WriteEntity(json, result.Row, select.Select, context, request.Preferences.LookupLogicalNames))
            .With("OData-EntityId", entityId)
            .With("ETag", result.Row.ETag)
            .With("Preference-Applied", "return=representation");
    }
}
