using CrmSync.DataverseEmulator.Faults;
using CrmSync.DataverseEmulator.Protection;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmSync.DataverseEmulator.Admin;

public sealed record StatsResponse(long Requests, long RecordsWritten, long Throttled, int MaxConcurrent);

/// <summary>A change to the limits in force; fields left out keep their value.</summary>
public sealed record LimitsUpdate(int? RequestsPerWindow, int? WindowSeconds, int? ExecutionSecondsPerWindow, int? MaxConcurrent, int? DopHint);

/// <summary>A change to the injected faults; fields left out keep their value.</summary>
public sealed record FaultsUpdate(int? LatencyMilliseconds, double? ErrorRate);

public sealed record OutageResponse(bool Active, double SecondsRemaining);

/// <summary>Endpoints outside the Dataverse protocol, for tests, demos and benchmarks; the service-protection limits do not apply to them.</summary>
public static class EmulatorAdminApi
{
    public static RouteGroupBuilder MapEmulatorAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/emulator");
        admin.MapGet("stats", (EmulatorStats stats) =>
            TypedResults.Ok(new StatsResponse(stats.Requests, stats.RecordsWritten, stats.Throttled, stats.MaxConcurrent)));
        admin.MapPost("reset", async (EmulatorDatabase database, EmulatorStats stats, ServiceProtection protection, CancellationToken cancellationToken) =>
        {
            await database.ResetAsync(cancellationToken);
            stats.Reset();
            protection.Reset();
            return TypedResults.NoContent();
        });

        admin.MapGet("limits", (ServiceProtection protection) => TypedResults.Ok(protection.Limits));
        admin.MapPost("limits", (LimitsUpdate update, ServiceProtection protection) =>
        {
            var current = protection.Limits;
            var limits = new ServiceProtectionLimits(
                update.RequestsPerWindow ?? current.RequestsPerWindow,
                update.WindowSeconds ?? current.WindowSeconds,
                update.ExecutionSecondsPerWindow ?? current.ExecutionSecondsPerWindow,
                update.MaxConcurrent ?? current.MaxConcurrent,
                update.DopHint ?? current.DopHint);
            return Apply(limits.Problems(), () => protection.Limits = limits, limits);
        });

        admin.MapGet("faults", (FaultInjector faults) => TypedResults.Ok(faults.Settings));
        admin.MapPost("faults", (FaultsUpdate update, FaultInjector faults) =>
        {
            var settings = new FaultSettings(update.LatencyMilliseconds ?? faults.Settings.LatencyMilliseconds, update.ErrorRate ?? faults.Settings.ErrorRate);
            return Apply(settings.Problems(), () => faults.Settings = settings, settings);
        });

        admin.MapGet("outage", (FaultInjector faults) => TypedResults.Ok(Outage(faults)));
        admin.MapPost("outage", Results<Ok<OutageResponse>, ProblemHttpResult> (double? seconds, FaultInjector faults) =>
        {
            if (seconds is not > 0)
            {
                return TypedResults.Problem("Give the outage's length in seconds, e.g. POST /emulator/outage?seconds=30.", statusCode: 400);
            }

            faults.StartOutage(TimeSpan.FromSeconds(seconds.Value));
            return TypedResults.Ok(Outage(faults));
        });
        admin.MapDelete("outage", (FaultInjector faults) =>
        {
            faults.EndOutage();
            return TypedResults.NoContent();
        });
        return admin;
    }

    private static OutageResponse Outage(FaultInjector faults) =>
        faults.OutageRemaining() is { } remaining ? new OutageResponse(true, remaining.TotalSeconds) : new OutageResponse(false, 0);

    private static Results<Ok<T>, ProblemHttpResult> Apply<T>(IEnumerable<string> problems, Action apply, T applied)
    {
        var errors = problems.ToList();
        if (errors.Count > 0)
        {
            return TypedResults.Problem(string.Join(" ", errors), statusCode: 400);
        }

        apply();
        return TypedResults.Ok(applied);
    }
}
