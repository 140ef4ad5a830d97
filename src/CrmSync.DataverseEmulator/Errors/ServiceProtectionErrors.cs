using System.Globalization;

namespace CrmSync.DataverseEmulator.Errors;

/// <summary>The three service-protection refusals, with Dataverse's codes and messages (specs/dataverse.md §5).</summary>
public static class ServiceProtectionErrors
{
    public const string RequestsExceeded = "0x80072322";
    public const string ExecutionTimeExceeded = "0x80072321";
    public const string ConcurrencyExceeded = "0x80072326";

    public static DataverseException Requests(int limit, int windowSeconds) =>
        new(429, RequestsExceeded, $"Number of requests exceeded the limit of {limit} over time window of {windowSeconds} seconds.");

    public static DataverseException ExecutionTime(int limitSeconds, int windowSeconds) =>
        new(429, ExecutionTimeExceeded,
            $"Combined execution time of incoming requests exceeded limit of {(limitSeconds * 1000L).ToString("N0", CultureInfo.InvariantCulture)} milliseconds over time window of {windowSeconds} seconds. " +
            "Decrease number of concurrent requests or reduce the duration of requests and try again later.");

    public static DataverseException Concurrency(int limit) =>
        new(429, ConcurrencyExceeded, $"Number of concurrent requests exceeded the limit of {limit}.");

    // The emulator's injected faults and outages; Dataverse's own 5xx bodies vary, so these keep its envelope.
    public static DataverseException ServiceUnavailable() =>
        new(503, "0x80040216", "The service is temporarily unavailable. Try again later.");
}
