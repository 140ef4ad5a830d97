using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmSync.Dataverse;

/// <summary>Metrics of the Dataverse write path; ServiceDefaults exports every "CrmSync.*" meter.</summary>
public static class DataverseTelemetry
{
    public const string Name = "CrmSync.Dataverse";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("crmsync.dataverse.requests", description: "Dataverse Web API requests, by method and result.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("crmsync.dataverse.request.duration", unit: "s", description: "Dataverse Web API request duration.");

    private static readonly Histogram<int> RecordsPerRequest = Meter.CreateHistogram<int>("crmsync.dataverse.records_per_request", description: "Rows sent in one Dataverse request.");
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>("crmsync.dataverse.throttled", description: "429 answers that paused an application user.");

    private static readonly Counter<long> Deferred = Meter.CreateCounter<long>("crmsync.dataverse.deferred", description: "Row writes the writer did not take because it held its MaxRowsWaiting rows.");

    public static void RecordDeferred(string table) => Deferred.Add(1, new KeyValuePair<string, object?>("table", table));

    public static void RecordBatch(string table, int records) => RecordsPerRequest.Record(records, new KeyValuePair<string, object?>("table", table));

    public static void RecordThrottled(string lane) => Throttled.Add(1, new KeyValuePair<string, object?>("user", lane));

    public static void RecordRequest(string method, string result, long startedTimestamp)
    {
        var tags = new TagList { { "method", method }, { "result", result } };
        Requests.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }
}
