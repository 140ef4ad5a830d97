using System.Diagnostics;
using System.Net;
using CrmSync.Abstractions;
using CrmSync.Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;

namespace CrmSync.Silo.Diagnostics;

/// <summary>
/// <c>GET /diagnostics</c>, <c>GET /diagnostics/silos</c> and <c>POST /diagnostics/collect</c> (a full garbage collection first, so the heap shows what
/// is still referenced), for benchmarks and operators on the silo's machine: other callers get 403, since the figures
/// are nobody else's business and a forced collection pauses the silo.
/// </summary>
public static class SiloDiagnosticsApi
{
    public static RouteGroupBuilder MapSiloDiagnostics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/diagnostics").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller)
                ? await next(context)
                : TypedResults.Problem("Silo diagnostics answer only callers on the silo's own machine; ask from there.", statusCode: StatusCodes.Status403Forbidden));
        group.MapGet("", ReadAsync);
        // The silos this one's membership lists as active: how a fault test sees that a killed silo has been declared dead.
        group.MapGet("silos", (IClusterMembershipService membership) => TypedResults.Ok(new SiloMembership(
            [.. membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress.ToString())])));
        group.MapPost("collect", async (IGrainFactory grains, ILocalSiloDetails silo, IConfiguration configuration) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return await ReadAsync(grains, silo, configuration);
        });
        return group;
    }

    private static async Task<Ok<SiloDiagnostics>> ReadAsync(IGrainFactory grains, ILocalSiloDetails silo, IConfiguration configuration)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
        var recordGrainType = typeof(RecordGrain).FullName!;
        using var process = Process.GetCurrentProcess();
        var memory = GC.GetGCMemoryInfo();
        return TypedResults.Ok(new SiloDiagnostics(
            process.WorkingSet64,
            process.PeakWorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            memory.TotalCommittedBytes,
            GC.CollectionCount(GC.MaxGeneration),
            statistics.Where(s => s.GrainType.StartsWith(recordGrainType, StringComparison.Ordinal)).Sum(s => s.ActivationCount),
            statistics.Sum(s => s.ActivationCount),
            RecordIdleCollection.IdleAfter(configuration)?.TotalSeconds));
    }
}
