using System.Diagnostics;
using Orleans.Runtime;

namespace CrmSync.Grains.Usage;

/// <summary>One hour of usage, keyed by (source, entity) for changes.</summary>
[GenerateSerializer]
public sealed class UsageBucket
{
    [Id(0)] public Dictionary<string, long[]> Sources { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long DataverseRequests { get; set; }
    [Id(2)] public long RowsSent { get; set; }
    [Id(3)] public long RequestsWithRows { get; set; }
    [Id(4)] public long Throttled { get; set; }
    [Id(5)] public int ApplicationUsers { get; set; }
}

[GenerateSerializer]
public sealed class UsageState
{
    /// <summary>Buckets by the start of their hour (UTC); at most 25 are kept.</summary>
    [Id(0)] public SortedDictionary<DateTimeOffset, UsageBucket> Hours { get; set; } = [];

    /// <summary>When the first report's counting began: the window is shorter than a day until then is a day ago.</summary>
    [Id(1)] public DateTimeOffset? CountingSince { get; set; }
}

/// <summary>
/// Hourly usage buckets for the quota forecast. Silos report every few seconds, so a lost report costs seconds of
/// counts, never the forecast; the buckets are stored on every report, so they outlive restarts.
/// </summary>
public sealed class UsageGrain([PersistentState("usage", StorageNames.Records)] IPersistentState<UsageState> store) : Grain, IUsageGrain
{
    private const int HoursKept = 25;

    async ValueTask IUsageGrain.Add(UsageReport report)
    {
        // Silos report every few seconds; the caller suppresses its span, and this drops the one Orleans starts for the
        // incoming call, so the dashboard's traces page shows webhooks and syncs rather than housekeeping.
        if (Activity.Current is { } activity)
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }

        if (store.State.CountingSince is not { } since || report.From < since)
        {
            store.State.CountingSince = report.From;
        }

        var hour = new DateTimeOffset(report.At.UtcDateTime.Date.AddHours(report.At.UtcDateTime.Hour), TimeSpan.Zero);
        if (!store.State.Hours.TryGetValue(hour, out var bucket))
        {
            store.State.Hours[hour] = bucket = new UsageBucket();
        }

        foreach (var usage in report.Sources)
        {
            var key = $"{usage.Source}/{usage.Entity}";
            var counts = bucket.Sources.TryGetValue(key, out var existing) ? existing : bucket.Sources[key] = new long[2];
            counts[0] += usage.Changes;
            counts[1] += usage.Imported;
        }

        bucket.DataverseRequests += report.DataverseRequests;
        bucket.RowsSent += report.RowsSent;
        bucket.RequestsWithRows += report.RequestsWithRows;
        bucket.Throttled += report.Throttled;
        bucket.ApplicationUsers = Math.Max(bucket.ApplicationUsers, report.ApplicationUsers);
        while (store.State.Hours.Count > HoursKept)
        {
            store.State.Hours.Remove(store.State.Hours.Keys.First());
        }

        await store.WriteStateAsync();
    }

    ValueTask<UsageWindow> IUsageGrain.LastDay(DateTimeOffset now)
    {
        // The bucket of the hour 24 hours ago still holds part of the window and is counted whole: a rate read off a
        // full day is at most 1/24 high.
        var from = now.AddHours(-24);
        var hours = store.State.Hours.Where(hour => hour.Key.AddHours(1) > from && hour.Key <= now).ToList();
        var sources = hours
            .SelectMany(hour => hour.Value.Sources)
            .GroupBy(source => source.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var parts = group.Key.Split('/', 2);
                return new SourceUsage(parts[0], parts[1], group.Sum(g => g.Value[0]), group.Sum(g => g.Value[1]));
            })
            .OrderBy(usage => usage.Source, StringComparer.Ordinal).ThenBy(usage => usage.Entity, StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult(new UsageWindow(
            hours.Count == 0 ? null : store.State.CountingSince is { } since && since > from ? since : from,
            sources,
            hours.Sum(hour => hour.Value.DataverseRequests),
            hours.Sum(hour => hour.Value.RowsSent),
            hours.Sum(hour => hour.Value.RequestsWithRows),
            hours.Sum(hour => hour.Value.Throttled),
            hours.Count > 0 ? hours.Max(hour => hour.Value.ApplicationUsers) : 0));
    }
}
