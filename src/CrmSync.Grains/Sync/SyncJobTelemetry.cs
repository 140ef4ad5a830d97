using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CrmSync.Grains.Sync;

/// <summary>
/// The progress of the sync jobs active on this silo as gauges, tagged by source and entity, so the dashboard plots
/// an import as it runs. A job reports while its activation lives; its stored progress stays the record.
/// </summary>
internal static class SyncJobTelemetry
{
    private static readonly ConcurrentDictionary<string, Func<(string Source, string Entity, SyncJobProgress Progress)>> Jobs = new(StringComparer.Ordinal);

    static SyncJobTelemetry()
    {
        Gauge("crmsync.sync.records.read", "Records read from the source by the current run.", p => p.Read);
        Gauge("crmsync.sync.records.written", "Records of the current run written to Dataverse.", p => p.Written);
        Gauge("crmsync.sync.records.parked", "Records of the current run parked.", p => p.Parked);
        Gauge("crmsync.sync.records.total", "Records the source says it holds, where it says.", p => p.Total);
        RecordTelemetry.Meter.CreateObservableGauge(
            "crmsync.sync.running", () => Measure(p => p.State == SyncJobState.Running ? 1 : 0),
            description: "1 while the job runs, 0 otherwise.");
    }

    public static void Active(string id, Func<(string Source, string Entity, SyncJobProgress Progress)> job) => Jobs[id] = job;

    public static void Inactive(string id) => Jobs.TryRemove(id, out _);

    private static void Gauge(string name, string description, Func<SyncJobProgress, long?> value) =>
        RecordTelemetry.Meter.CreateObservableGauge(name, () => Measure(value), unit: "{record}", description: description);

    private static IEnumerable<Measurement<long>> Measure(Func<SyncJobProgress, long?> value)
    {
        foreach (var job in Jobs.Values)
        {
            var (source, entity, progress) = job();
            if (value(progress) is { } measured)
            {
                yield return new Measurement<long>(measured, new("source", source), new("entity", entity));
            }
        }
    }
}
