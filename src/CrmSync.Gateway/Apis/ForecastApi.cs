using CrmSync.Gateway.Forecast;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Apis;

public static class ForecastApi
{
    /// <summary>
    /// <c>GET /admin/forecast/{source}?entitlement=&amp;accounts=&amp;contacts=</c>: the Dataverse requests, source API calls and
    /// initial-sync time a source costs, from its record counts (its last sync runs, or the query's) and the change rate
    /// CrmSync measured over the last 24 hours, against the Power Platform request entitlement the admin names.
    /// </summary>
    public static RouteGroupBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup("/admin/forecast");
        group.MapGet("/{source}", ForecastAsync);
        return group;
    }

    private static async Task<Results<Ok<QuotaForecastResult>, ProblemHttpResult>> ForecastAsync(
        string source, long? entitlement, long? accounts, long? contacts,
        IOptionsMonitor<CrmSyncOptions> sync, IConfiguration configuration, IGrainFactory grains, TimeProvider time)
    {
        var sources = sync.CurrentValue.Sources;
        var name = sources.Keys.FirstOrDefault(key => string.Equals(key, source, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return Problems.NotFound($"No source named '{source}' is configured; add it under CrmSync:Sources:{source}.");
        }

        if (entitlement is <= 0 || accounts is < 0 || contacts is < 0)
        {
            return Problems.InvalidArgument("entitlement must be a positive number of requests per 24 hours, and accounts and contacts counts of zero or more.");
        }

        var sizes = new List<EntitySize>();
        foreach (var (entity, given) in new[] { (Entities.Account, accounts), (Entities.Contact, contacts) })
        {
            if (await SizeAsync(name, entity, given, grains) is { } size)
            {
                sizes.Add(size);
            }
            else
            {
                return Problems.InvalidArgument($"No sync of {name} {entity} has read its records, so their number is unknown; run 'crmsync sync start {name} {entity}' or pass --{entity}s N.");
            }
        }

        var now = time.GetUtcNow();
        var usage = await grains.GetGrain<IUsageGrain>(0).LastDay(now);
        var observed = usage.Since is { } since ? now - since : TimeSpan.Zero;
        var interval = configuration.GetValue<TimeSpan?>($"{CrmSyncOptions.SectionName}:Sources:{name}:Poll:Interval");
        var inputs = new ForecastInputs(
            name,
            sources[name].Kind,
            observed,
            usage.Sources.Where(s => s.Source == name).Sum(s => s.Changes),
            usage.Sources.Sum(s => s.Changes + s.Imported),
            usage.DataverseRequests,
            usage.RowsSent,
            usage.RequestsWithRows,
            usage.ApplicationUsers,
            sizes,
            interval,
            entitlement);
        return TypedResults.Ok(QuotaForecast.Compute(inputs));
    }

    /// <summary>The admin's count, else what the entity's last sync run read (the source's total where it said one).</summary>
    private static async Task<EntitySize?> SizeAsync(string source, string entity, long? given, IGrainFactory grains)
    {
        var job = await grains.GetGrain<ISyncJobGrain>(SyncJobId.For(source, entity)).GetStatus();
        var complete = job.State == SyncJobState.Completed;
        double? rate = job.RatePerSecond > 0 ? job.RatePerSecond : null;
        if (given is { } records)
        {
            return new EntitySize(entity, records, null, rate, "given");
        }

        return job.State == SyncJobState.NotStarted
            ? null
            : new EntitySize(entity, job.Total ?? job.Read, complete ? job.Pages : null, rate, complete ? $"sync run {job.Run}" : $"sync run {job.Run}, not complete");
    }
}
