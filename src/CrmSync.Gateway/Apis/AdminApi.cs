using CrmSync.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class AdminApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// The admin API: parked records listed and retried, kept records (edited in Dataverse, OnDataverseEdit Keep) listed,
    /// one record shown with its history (DESIGN.md §3 step 5). Every endpoint
    /// needs the admin API key, or a caller on this machine when no key is configured. A record id that
    /// contains '/' is sent escaped, as %2F.
    /// </summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin");
        group.MapGet("/records", ListAsync);
        group.MapPost("/records/retry-parked", RetryParkedAsync);
        group.MapGet("/records/{source}/{entity}/{id}", ShowAsync);
        group.MapPost("/records/{source}/{entity}/{id}/retry", RetryAsync);
        return group;
    }

    private static async Task<Results<Ok<ParkedRecordList>, ProblemHttpResult>> ListAsync(
        string? status, string? limit, string? continuation, IGrainFactory grains)
    {
        var kept = string.Equals(status, "kept", StringComparison.OrdinalIgnoreCase);
        if (!kept && !string.Equals(status, "parked", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.InvalidArgument(status is null
                ? "Say which records to list: status=parked or status=kept."
                : $"Unknown status '{status}': only status=parked or status=kept can be listed.");
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            return Problems.InvalidArgument($"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        }

        try
        {
            var page = kept ? await grains.ListKeptAsync(continuation, pageSize) : await grains.ListParkedAsync(continuation, pageSize);
            return TypedResults.Ok(new ParkedRecordList([.. page.Items.Select(ParkedRecordItem.From)], page.Continuation));
        }
        catch (FormatException ex)
        {
            return Problems.InvalidArgument(ex.Message);
        }
    }

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> ShowAsync(
        string source, string entity, string id, IOptionsMonitor<CrmSyncOptions> sync, IGrainFactory grains)
    {
        if (AdminRoutes.CheckSourceAndEntity(source, entity, sync.CurrentValue) is { } problem)
        {
            return problem;
        }

        var key = Key(source, entity, id);
        var snapshot = await grains.GetGrain<IRecordGrain>(key.ToString()).GetSnapshot();
        return snapshot.Version is null ? NeverSeen(key) : TypedResults.Ok(RecordView.From(snapshot));
    }

    private static async Task<Results<Accepted<RetryView>, ProblemHttpResult>> RetryAsync(
        string source, string entity, string id, IOptionsMonitor<CrmSyncOptions> sync, IGrainFactory grains)
    {
        if (AdminRoutes.CheckSourceAndEntity(source, entity, sync.CurrentValue) is { } problem)
        {
            return problem;
        }

        var key = Key(source, entity, id);
        var record = grains.GetGrain<IRecordGrain>(key.ToString());
        if ((await record.GetSnapshot()).Version is null)
        {
            return NeverSeen(key);
        }

        await record.Retry();
        var status = (await record.GetSnapshot()).Status;
        return TypedResults.Accepted(Location(key), new RetryView(key.ToString(), RecordView.Name(status)));
    }

    private static async Task<Accepted<RetryParkedView>> RetryParkedAsync(IGrainFactory grains) =>
        TypedResults.Accepted("/admin/records?status=parked", new RetryParkedView(await grains.RetryParkedAsync()));

    /// <summary>Routing decodes every escape in a segment but %2F, which would split it.</summary>
    private static RecordKey Key(string source, string entity, string id) =>
        new(source, entity, id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));

    private static string Location(RecordKey key) =>
        $"/admin/records/{Uri.EscapeDataString(key.Source)}/{key.Entity}/{Uri.EscapeDataString(key.SourceId)}";

    private static ProblemHttpResult NeverSeen(RecordKey key) =>
        Problems.NotFound($"Record {key} has never received a change.");
}
