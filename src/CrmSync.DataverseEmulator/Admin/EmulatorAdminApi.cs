using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Admin;

public sealed record StatsResponse(long Requests, long RecordsWritten, long Throttled, int MaxConcurrent);

/// <summary>Endpoints outside the Dataverse protocol, for tests and demos.</summary>
public static class EmulatorAdminApi
{
    public static RouteGroupBuilder MapEmulatorAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/emulator");
        admin.MapGet("stats", (EmulatorStats stats) =>
            TypedResults.Ok(new StatsResponse(stats.Requests, stats.RecordsWritten, stats.Throttled, stats.MaxConcurrent)));
        admin.MapPost("reset", async (EmulatorDatabase database, CancellationToken cancellationToken) =>
        {
            await database.ResetAsync(cancellationToken);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
