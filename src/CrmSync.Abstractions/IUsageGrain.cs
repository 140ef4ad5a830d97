namespace CrmSync.Abstractions;

/// <summary>
/// What CrmSync did over the last 24 hours, in hourly buckets that survive restarts: the quota forecast's measured
/// input. Each silo adds what its own meters counted since its last report; one grain (key 0) keeps the sum.
/// </summary>
public interface IUsageGrain : IGrainWithIntegerKey
{
    ValueTask Add(UsageReport report);

    /// <summary>The sum of the buckets of the last 24 hours, as of <paramref name="now"/>.</summary>
    ValueTask<UsageWindow> LastDay(DateTimeOffset now);
}

/// <summary>Counts for one (source, entity): changes accepted from webhooks and pulls, and records imported by sync jobs.</summary>
[GenerateSerializer, Immutable]
public sealed record SourceUsage(
    [property: Id(0)] string Source,
    [property: Id(1)] string Entity,
    [property: Id(2)] long Changes,
    [property: Id(3)] long Imported);

/// <summary>What one silo's meters counted from <see cref="From"/> (its previous report, or its start) to <see cref="At"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record UsageReport(
    [property: Id(7)] DateTimeOffset From,
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] IReadOnlyList<SourceUsage> Sources,
    [property: Id(2)] long DataverseRequests,
    [property: Id(3)] long RowsSent,
    [property: Id(4)] long RequestsWithRows,
    [property: Id(5)] long Throttled,
    [property: Id(6)] int ApplicationUsers);

/// <summary>The last 24 hours summed; <see cref="Since"/> is when counting began within them (24 hours ago once CrmSync has counted that long), or null when nothing was counted.</summary>
[GenerateSerializer, Immutable]
public sealed record UsageWindow(
    [property: Id(0)] DateTimeOffset? Since,
    [property: Id(1)] IReadOnlyList<SourceUsage> Sources,
    [property: Id(2)] long DataverseRequests,
    [property: Id(3)] long RowsSent,
    [property: Id(4)] long RequestsWithRows,
    [property: Id(5)] long Throttled,
    [property: Id(6)] int ApplicationUsers);
