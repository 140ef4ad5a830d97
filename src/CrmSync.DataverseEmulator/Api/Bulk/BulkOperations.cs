using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Api.Bulk;

/// <summary>
/// CreateMultiple, UpdateMultiple and UpsertMultiple bound to an entity set (specs/dataverse.md §3). On a standard
/// table they are all-or-nothing: every item runs in one transaction and the first failing item's error fails the request.
/// </summary>
public sealed class BulkOperations(RecordWriter writer, DataverseSchema schema)
{
    public const string CreateMultiple = "CreateMultiple";
    public const string UpdateMultiple = "UpdateMultiple";
    public const string UpsertMultiple = "UpsertMultiple";

    public PreparedWrite Prepare(WebApiRequest request, ResourcePath path, string operation)
    {
        if (operation is not (CreateMultiple or UpdateMultiple or UpsertMultiple))
        {
            throw DataverseErrors.SegmentNotFound(ResourcePath.ActionNamespace + operation);
        }

        if (!schema.SupportsBulkMessages)
        {
            throw BulkErrors.MessageNotSupported(operation, path.Table);
        }

        var targets = BulkTargets.Parse(schema, path.Table, operation, request.Body);
        return operation switch
        {
            CreateMultiple => Create(request, path.Table, targets),
            UpdateMultiple => Update(path.Table, targets),
            _ => Upsert(path.Table, targets),
        };
    }

    private PreparedWrite Create(WebApiRequest request, TableDefinition table, IReadOnlyList<BulkTarget> targets)
    {
        var ids = targets.Select(target => target.Changes.Id ?? Guid.NewGuid()).ToList();
        return new PreparedWrite(
            session =>
            {
                for (var index = 0; index < targets.Count; index++)
                {
                    writer.Create(session, table, ids[index], targets[index].Changes);
                }

                return null;
            },
            _ => WebApiResponse.Json(200, json =>
            {
                json.WriteStartObject();
                json.WriteString("@odata.context", $"{request.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse");
                json.WriteStartArray("Ids");
                foreach (var id in ids)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }));
    }

    private PreparedWrite Update(TableDefinition table, IReadOnlyList<BulkTarget> targets)
    {
        // Items for a row already named are ignored: only the first one is applied.
        var updates = targets
            .Select(target => (Id: target.Changes.Id ?? throw BulkErrors.IdRequiredForUpdate(), target.Changes))
            .DistinctBy(update => update.Id)
            .ToList();
        return NoContent(session =>
        {
            foreach (var (id, changes) in updates)
            {
                writer.Upsert(session, table, new PrimaryKey(id), changes, WriteConditions.MustExist);
            }
        });
    }

    private PreparedWrite Upsert(TableDefinition table, IReadOnlyList<BulkTarget> targets)
    {
        RefuseDuplicateKeys(table, targets);
        return NoContent(session =>
        {
            foreach (var target in targets)
            {
                if (target.Key is null)
                {
                    writer.Create(session, table, Guid.NewGuid(), target.Changes);
                    continue;
                }

                if (target is { KeyFromODataId: true, Key: AlternateKey key } &&
                    key.Definition.KeyAttributes.Any(target.Changes.Values.ContainsKey) && session.Find(table, key) is null)
                {
                    throw BulkErrors.KeyColumnInBodyOnCreate();
                }

                writer.Upsert(session, table, target.Key, target.Changes, WriteConditions.None);
            }
        });
    }

    private static void RefuseDuplicateKeys(TableDefinition table, IReadOnlyList<BulkTarget> targets)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (target.Key is { } key && !seen.TryAdd(Identity(key), target.Index))
            {
                throw BulkErrors.DuplicateTargets(table, seen[Identity(key)], target.Index);
            }
        }
    }

    // Text compares without regard to case, as the store does, so 'A' and 'a' name the same row.
    private static string Identity(RecordKey key) => key switch
    {
        PrimaryKey primary => primary.Id.ToString("N"),
        AlternateKey alternate => alternate.Definition.LogicalName + ":" + string.Join('\u001f', alternate.Definition.KeyAttributes
            .Select(name => Convert.ToString(alternate.Values[name], System.Globalization.CultureInfo.InvariantCulture)!.ToUpperInvariant())),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static PreparedWrite NoContent(Action<WriteSession> apply) => new(
        session =>
        {
            apply(session);
            return null;
        },
        _ => WebApiResponse.NoContent());
}
