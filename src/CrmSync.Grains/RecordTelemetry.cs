using System.Diagnostics.Metrics;

namespace CrmSync.Grains;

/// <summary>Grain decisions and write outcomes; ServiceDefaults exports every "CrmSync.*" meter.</summary>
public static class RecordTelemetry
{
    public const string Name = "CrmSync.Grains";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Changes = Meter.CreateCounter<long>("crmsync.records.changes", description: "Changes decided by record grains, by entity and outcome.");
    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("crmsync.records.writes", description: "Record writes to Dataverse, by entity and result.");

    public static void ChangeDecided(string entity, AcceptOutcome outcome) =>
        Changes.Add(1, new("entity", entity), new("outcome", outcome.ToString().ToLowerInvariant()));

    private static readonly Counter<long> DataverseEdits = Meter.CreateCounter<long>(
        "crmsync.records.dataverse_edits", description: "Edits made in Dataverse to rows CrmSync writes, found by a write's If-Match (412), by entity, source and policy.");

    public static void DataverseEditFound(string entity, string source, DataverseEditPolicy policy) =>
        DataverseEdits.Add(1, new("entity", entity), new("source", source), new("policy", policy.ToString().ToLowerInvariant()));

    public static void WriteFinished(string entity, string result) =>
        Writes.Add(1, new("entity", entity), new("result", result));
}
