using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.HubSpot;

/// <param name="Entity">company or contact.</param>
/// <param name="Properties">HubSpot property → new value; a contact's associatedcompanyid re-parents it.</param>
public sealed record HubSpotChange(string? Entity, string? Id, Dictionary<string, string?>? Properties, bool Delete = false);

/// <param name="Shuffle">Send the events in a random order (seeded by <paramref name="Seed"/>), as HubSpot may.</param>
/// <param name="Duplicate">Send every event twice, as HubSpot's retries may.</param>
public sealed record HubSpotChangesRequest(
    string? Target, string? ClientSecret, List<HubSpotChange>? Changes, bool Shuffle = false, bool Duplicate = false, int BatchSize = 100, int Seed = 1, long PortalId = 62515)
{
    public string? Problem() =>
        !Uri.TryCreate(Target, UriKind.Absolute, out _) ? "Give target, the absolute URL the app's webhooks go to."
        : string.IsNullOrEmpty(ClientSecret) ? "Give clientSecret, the app's client secret the webhooks are signed with."
        : Changes is not { Count: > 0 } ? "Give changes, e.g. [{\"entity\":\"contact\",\"id\":\"5\",\"properties\":{\"firstname\":\"Ada\"}}]."
        : BatchSize is < 1 or > 100 ? "batchSize must be 1 to 100 (HubSpot sends at most 100 events a request)."
        : null;
}

/// <summary>
/// <c>POST /simulator/hubspot/changes</c>: changes and deletes records, then sends the events HubSpot would (one
/// propertyChange per property at the record's new updatedAt, associationChange for a new primary company, deletion)
/// to the target in signed arrays; answers how many events went and each request's status.
/// </summary>
public static class HubSpotChangesApi
{
    public static void MapHubSpotChanges(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/simulator/hubspot/changes", ChangeAsync);

    private static async Task<IResult> ChangeAsync(HttpRequest request, RecordStore store, HubSpotArchive archive, HubSpotNotifier notifier)
    {
        var (changes, problem) = await JsonBody.ReadAsync<HubSpotChangesRequest>(request, """{"target":"http://…/webhooks/hs","clientSecret":"…","changes":[…]}""", r => r.Problem());
        if (problem is not null)
        {
            return problem;
        }

        var events = new List<Dictionary<string, object?>>();
        foreach (var change in changes!.Changes!)
        {
            if (Apply(change, store, archive, events, changes.PortalId) is { } wrong)
            {
                return JsonBody.BadRequest(wrong);
            }
        }

        var random = new Random(changes.Seed);
        var sent = changes.Duplicate ? [.. events, .. events] : events;
        if (changes.Shuffle)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sent));
        }

        var statuses = new List<int>();
        foreach (var batch in sent.Chunk(changes.BatchSize))
        {
            statuses.Add(await notifier.SendAsync(new Uri(changes.Target!), changes.ClientSecret!, JsonSerializer.SerializeToUtf8Bytes(batch), request.HttpContext.RequestAborted));
        }

        return Results.Ok(new { events = sent.Count, statuses });
    }

    private static string? Apply(HubSpotChange change, RecordStore store, HubSpotArchive archive, List<Dictionary<string, object?>> events, long portalId)
    {
        if (!HubSpotObjects.TryParseType(change.Entity ?? "", out var entity) || HubSpotObjects.Find(store, entity, change.Id ?? "") is not { } record || archive.Contains(record))
        {
            return $"There is no {change.Entity} '{change.Id}'; name a company or contact by its numeric id.";
        }

        var objectId = long.Parse(record.HubSpotId(), CultureInfo.InvariantCulture);
        if (change.Delete)
        {
            var archivedAt = record.UpdatedAt.AddSeconds(1);
            archive.Archive(record, archivedAt);
            events.Add(Event(portalId, $"{entity.ObjectName()}.deletion", objectId, archivedAt, events.Count));
            return null;
        }

        var known = HubSpotObjects.Properties(entity);
        if (change.Properties is not { Count: > 0 } properties || properties.Keys.FirstOrDefault(p => !known.ContainsKey(p)) is { } unknown && unknown.Length > 0)
        {
            return $"Give properties of the {entity.ObjectName()} to change, any of {string.Join(", ", known.Keys)}.";
        }

        var changed = store.Change(entity, record.Index, properties.ToDictionary(p => known[p.Key], p => HubSpotObjects.FieldValue(known[p.Key], p.Value)));
        foreach (var (property, value) in properties)
        {
            events.Add(property == "associatedcompanyid"
                ? Event(portalId, "contact.associationChange", objectId, changed.UpdatedAt, events.Count, ("associationType", "CONTACT_TO_COMPANY"),
                    ("fromObjectId", objectId), ("toObjectId", value is null ? 0 : long.Parse(value, CultureInfo.InvariantCulture)), ("associationRemoved", value is null))
                : Event(portalId, $"{entity.ObjectName()}.propertyChange", objectId, changed.UpdatedAt, events.Count, ("propertyName", property), ("propertyValue", value ?? "")));
        }

        return null;
    }

    private static Dictionary<string, object?> Event(long portalId, string type, long objectId, DateTimeOffset at, int sequence, params (string Name, object? Value)[] more)
    {
        var e = new Dictionary<string, object?>
        {
            ["eventId"] = 1000 + sequence,
            ["subscriptionId"] = 200,
            ["portalId"] = portalId,
            ["appId"] = 54321,
            ["occurredAt"] = at.ToUnixTimeMilliseconds(),
            ["subscriptionType"] = type,
            ["attemptNumber"] = 0,
            ["objectId"] = objectId,
            ["changeSource"] = "CRM_UI",
        };
        foreach (var (name, value) in more)
        {
            e[name] = value;
        }

        return e;
    }
}
