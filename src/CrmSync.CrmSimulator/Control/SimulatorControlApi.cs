using System.Buffers;
using CrmSync.CrmSimulator.Auth;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;
using CrmSync.CrmSimulator.Salesforce;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.Control;

public sealed record RecordChangeRequest(Dictionary<string, JsonElement>? Fields);

public sealed record ChurnRequest(string? Entity, int? PerPage);

/// <summary>
/// <c>/simulator/*</c>: what tests and benchmarks use to look inside and steer the CRM. No credentials apply,
/// because only the loopback clients that started the simulator call it.
/// </summary>
public static class SimulatorControlApi
{
    public static RouteGroupBuilder MapSimulatorControlApi(this IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/simulator");
        control.MapGet("records/{entity}/{id}", (string entity, string id, HttpRequest request, RecordStore store) =>
            SimEntities.TryParse(entity, out var resolved) && store.Find(resolved, id) is { } record
                ? RecordResult(record, request)
                : JsonBody.NotFound($"There is no {entity} '{id}'."));
        control.MapPost("records/{entity}/{id}", ChangeRecordAsync);
        control.MapPost("churn", ChurnAsync);
        control.MapGet("changes", (RecordStore store) => Results.Ok(store.Changes()));
        control.MapPost("faults", async (HttpRequest request, FaultQueue faults) =>
        {
            var (fault, problem) = await JsonBody.ReadAsync<FaultRequest>(
                request, """{"status":429,"count":3,"retryAfterSeconds":1}""", fault => fault.Problem());
            if (problem is not null)
            {
                return problem;
            }

            faults.Add(fault!);
            return Results.NoContent();
        });
        control.MapGet("stats", (SimulatorStats stats) => Results.Ok(stats.Snapshot()));
        control.MapGet("auth", (AuthGate auth) => Results.Ok(auth.Settings));
        control.MapPost("auth", async (HttpRequest request, AuthGate auth) =>
        {
            var (settings, problem) = await JsonBody.ReadAsync<AuthSettings>(request, """{"type":"Bearer","token":"t0ken"}""", settings => settings.Problem());
            if (problem is not null)
            {
                return problem;
            }

            auth.Settings = settings!;
            return Results.NoContent();
        });
        control.MapPost("reset", (RecordStore store, SalesforceRecycleBin recycleBin, HubSpot.HubSpotArchive hubSpotArchive, FaultQueue faults, SimulatorStats stats, AuthGate auth, IOptions<SimulatorOptions> options) =>
        {
            store.Reset();
            recycleBin.Clear();
            hubSpotArchive.Clear();
            faults.Clear();
            stats.Reset();
            auth.Settings = options.Value.Auth;
            return Results.NoContent();
        });
        return control;
    }

    private static async Task<IResult> ChangeRecordAsync(string entity, string id, HttpRequest request, RecordStore store)
    {
        if (!SimEntities.TryParse(entity, out var resolved) || store.Find(resolved, id) is not { } current)
        {
            return JsonBody.NotFound($"There is no {entity} '{id}'.");
        }

        var (change, problem) = await JsonBody.ReadAsync<RecordChangeRequest>(request, """{"fields":{"name":"New name"}}""");
        if (problem is not null)
        {
            return problem;
        }

        var fields = new Dictionary<string, string?>();
        foreach (var (field, value) in change!.Fields ?? [])
        {
            if (!resolved.Fields().Contains(field))
            {
                return JsonBody.BadRequest($"This {resolved.Singular()} has no field '{field}'; change any of {string.Join(", ", resolved.Fields())}.");
            }

            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return JsonBody.BadRequest($"The value of '{field}' must be a string or null.");
            }

            fields[field] = value.GetString();
        }

        if (fields.Count == 0)
        {
            return JsonBody.BadRequest("Name at least one field to change, e.g. {\"fields\":{\"name\":\"New name\"}}.");
        }

        if (fields.TryGetValue(SimEntities.AccountIdField, out var accountId) && accountId is not null && store.Find(SimEntity.Account, accountId) is null)
        {
            return JsonBody.BadRequest($"There is no account '{accountId}' for the contact to belong to; name an existing one or null.");
        }

        return RecordResult(store.Change(resolved, current.Index, fields), request);
    }

    private static async Task<IResult> ChurnAsync(HttpRequest request, RecordStore store)
    {
        var (churn, problem) = await JsonBody.ReadAsync<ChurnRequest>(request, """{"entity":"contact","perPage":5}""");
        if (problem is not null)
        {
            return problem;
        }

        if (!SimEntities.TryParse(churn!.Entity, out var entity) || churn.PerPage is not >= 0)
        {
            return JsonBody.BadRequest("Name the entity (account or contact) and perPage, 0 or more, e.g. {\"entity\":\"contact\",\"perPage\":5}.");
        }

        store.SetChurn(entity, churn.PerPage.Value);
        return Results.NoContent();
    }

    private static IResult RecordResult(SimRecord record, HttpRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            RecordJson.Write(writer, record, RecordJson.BaseUrl(request));
        }

        return Results.Bytes(buffer.WrittenMemory, "application/json");
    }
}
