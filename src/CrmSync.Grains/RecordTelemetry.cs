using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CrmSync.Grains;

/// <summary>Grain decisions and write outcomes; ServiceDefaults exports every "CrmSync.*" meter.</summary>
public static class RecordTelemetry
{
    public const string Name = "CrmSync.Grains";

    internal static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Changes = Meter.CreateCounter<long>(ChangesInstrument, description: "Changes decided by record grains, by source, entity, outcome and whether a sync job imported them.");
    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("crmsync.records.writes", description: "Record writes to Dataverse, by entity and result.");
    private static readonly Counter<long> Parkings = Meter.CreateCounter<long>("crmsync.records.parkings", description: "Records parked because Dataverse refused their row, by entity.");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "crmsync.records.write_lag", unit: "s", description: "Time from a change's acknowledgement to the Dataverse write that holds it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900] });

    // The registry's shards active on this silo, each with a way to count its records.
    private static readonly ConcurrentDictionary<long, Func<int>> ParkedShards = new();

    static RecordTelemetry() => Meter.CreateObservableGauge(
        "crmsync.records.parked", () => ParkedShards.Values.Sum(count => count()),
        description: "Records listed as parked by the registry shards active on this silo.");

    public const string ChangesInstrument = "crmsync.records.changes";

    public static void ChangeDecided(RecordKey key, AcceptOutcome outcome, bool imported) => Changes.Add(
        1, new("source", key.Source), new("entity", key.Entity), new("outcome", outcome.ToString().ToLowerInvariant()), new("imported", imported));

    private static readonly Counter<long> DataverseEdits = Meter.CreateCounter<long>(
        "crmsync.records.dataverse_edits", description: "Edits made in Dataverse to rows CrmSync writes, found by a write's If-Match (412), by entity, source and policy.");

    public static void DataverseEditFound(string entity, string source, DataverseEditPolicy policy) =>
        DataverseEdits.Add(1, new("entity", entity), new("source", source), new("policy", policy.ToString().ToLowerInvariant()));

    public static void WriteFinished(string entity, string result) =>
        Writes.Add(1, new("entity", entity), new("result", result));

    public static void Parked(string entity) => Parkings.Add(1, new KeyValuePair<string, object?>("entity", entity));

    public static void WriteLag(string entity, TimeSpan lag) => Lag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("entity", entity));

    internal static void ShardActive(long shard, Func<int> count) => ParkedShards[shard] = count;

    internal static void ShardInactive(long shard) => ParkedShards.TryRemove(shard, out _);
}
