using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Salesforce;

public sealed record SalesforceChangeRequest(string? Type, string? Id, string? Operation, Dictionary<string, JsonElement>? Fields);

/// <param name="Deliver">False: build the messages and answer them, for a test to send (shuffled, duplicated) itself.</param>
public sealed record SalesforceChangesRequest(List<SalesforceChangeRequest>? Changes, string? Family, string? Target, string? Secret, bool? Deliver);

public sealed record AppliedChange(string Type, string Id, string Operation, long Version, string SystemModstamp);

public sealed record SentMessage(SalesforceMessage Message, int? Status, string? Response);

/// <summary>
/// <c>/simulator/salesforce/*</c>: changes made as users of the org would make them (update, delete, undelete), then
/// the notifications the org sends for them, posted to CrmSync's gateway in the family asked for.
/// </summary>
public static class SalesforceChangesApi
{
    private const string Example = """{"family":"apex","target":"http://127.0.0.1:5080/webhooks/salesforce","changes":[{"type":"Account","id":"001Dn0000000001AAA","operation":"update","fields":{"Name":"New"}}]}""";

    public static IEndpointRouteBuilder MapSalesforceChangesApi(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/simulator/salesforce");
        control.MapPost("changes", ChangeAsync);
        control.MapPost("expire-tokens", (SalesforceSessions sessions) =>
        {
            sessions.ExpireAll();
            return Results.NoContent();
        });
        return endpoints;
    }

    private static async Task<IResult> ChangeAsync(HttpRequest request, SalesforceRecycleBin bin, SalesforceNotifier notifier, IOptions<SalesforceSimulatorOptions> options)
    {
        var (body, problem) = await JsonBody.ReadAsync<SalesforceChangesRequest>(request, Example, Validate);
        if (problem is not null)
        {
            return problem;
        }

        var settings = options.Value;
        var family = body!.Family ?? SalesforceNotifications.Apex;
        var target = body.Target ?? settings.WebhookTarget;
        var secret = body.Secret ?? settings.WebhookSecret;
        var deliver = body.Deliver ?? true;
        if (deliver && target is null)
        {
            return JsonBody.BadRequest("Say where to send the notifications: target in the body or Simulator:Salesforce:WebhookTarget, or deliver false.");
        }

        if (family == SalesforceNotifications.Apex && secret is null)
        {
            return JsonBody.BadRequest("Apex-format notifications are signed: give secret (whsec_…) in the body or Simulator:Salesforce:WebhookSecret.");
        }

        var applied = body.Changes!.Select(change => Apply(bin, change)).OfType<SalesforceChange>().ToList();
        var messages = notifier.Build(family, applied, secret);
        var sent = deliver
            ? await notifier.SendAsync(new Uri(target!), messages, request.HttpContext.RequestAborted)
            : messages.Select(message => new SentMessage(message, null, null)).ToList();
        return Results.Ok(new
        {
            Applied = applied.Select(change => new AppliedChange(change.Record.Entity.TypeName(), SalesforceIds.IdOf(change.Record.Entity, change.Record.Index),
                change.Operation, change.Record.Version, SalesforceFields.Modstamp(change.Record.UpdatedAt))),
            Messages = sent,
        });
    }

    /// <summary>The change made, or null when it changes nothing: a delete of a deleted record, an undelete of a live one.</summary>
    private static SalesforceChange? Apply(SalesforceRecycleBin bin, SalesforceChangeRequest change)
    {
        SalesforceIds.TryParseType(change.Type, out var entity);
        SalesforceIds.TryParse(entity, change.Id, out var index);
        var record = change.Operation switch
        {
            "delete" => bin.Delete(entity, index!.Value),
            "undelete" => bin.Undelete(entity, index!.Value),
            _ when bin.IsDeleted(entity, index!.Value) => null,
            _ => bin.Store.Change(entity, index.Value, StoredFields(entity, change.Fields)),
        };
        return record is null ? null : new SalesforceChange(change.Operation!, record);
    }

    private static Dictionary<string, string?> StoredFields(SimEntity entity, Dictionary<string, JsonElement>? fields)
    {
        var stored = new Dictionary<string, string?>();
        foreach (var (name, value) in fields ?? [])
        {
            var field = SalesforceFields.ResolveChangeable(entity, name)!;
            var text = value.GetString();
            stored[SalesforceFields.Changeable(entity)[field]] = field == "AccountId" && text is not null
                ? SimEntity.Account.IdOf(SalesforceIds.TryParse(SimEntity.Account, text, out var account) ? account.Value : 0)
                : text;
        }

        return stored;
    }

    private static string? Validate(SalesforceChangesRequest body)
    {
        if (body.Family is not (null or SalesforceNotifications.Apex or SalesforceNotifications.Outbound))
        {
            return "family must be apex (CrmSync's Apex push) or outbound (Outbound Messages).";
        }

        if (body.Changes is not { Count: > 0 })
        {
            return $"Send at least one change, e.g. {Example}.";
        }

        foreach (var change in body.Changes)
        {
            if (!SalesforceIds.TryParseType(change.Type, out var entity) || !SalesforceIds.TryParse(entity, change.Id, out _))
            {
                return $"'{change.Type}' '{change.Id}' is not a record here; give type Account or Contact and its Id (15 or 18 characters).";
            }

            if (change.Operation is not ("update" or "delete" or "undelete"))
            {
                return $"operation '{change.Operation}' is not one of update, delete, undelete.";
            }

            foreach (var (name, value) in change.Fields ?? [])
            {
                if (SalesforceFields.ResolveChangeable(entity, name) is not { } field)
                {
                    return $"The {entity.TypeName()} field {name} cannot be changed here; change any of {string.Join(", ", SalesforceFields.Changeable(entity).Keys)}.";
                }

                if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return $"The value of '{name}' must be a string or null.";
                }

                if (field == "AccountId" && value.GetString() is { } accountId && !SalesforceIds.TryParse(SimEntity.Account, accountId, out _))
                {
                    return $"AccountId '{accountId}' is not an Account id here.";
                }
            }
        }

        return null;
    }
}
