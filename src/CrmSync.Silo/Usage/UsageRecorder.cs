using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CrmSync.Abstractions;
using CrmSync.Dataverse;
using CrmSync.Dataverse.Writing;
using CrmSync.Grains;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CrmSync.Silo.Usage;

/// <summary>How often a silo adds what its meters counted to the usage grain, under <c>CrmSync:Usage</c>.</summary>
public sealed class UsageOptions
{
    public const string SectionName = "CrmSync:Usage";

    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Listens to this silo's own meters (changes decided by record grains, Dataverse requests, rows per request, 429s) and
/// adds their counts to <see cref="IUsageGrain"/> every <see cref="UsageOptions.ReportInterval"/>: the quota forecast
/// works from what CrmSync measured, not from a model of it. A report that fails is kept and sent with the next one.
/// </summary>
public sealed partial class UsageRecorder(
    IGrainFactory grains, IDataverseWriter writer, TimeProvider time, IOptions<UsageOptions> options, ILogger<UsageRecorder> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Source, string Entity), long[]> _sources = new();
    private long _requests;
    private long _rows;
    private long _requestsWithRows;
    private long _throttled;
    private DateTimeOffset _countingSince;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name is RecordTelemetry.Name or DataverseTelemetry.Name)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _countingSince = time.GetUtcNow();
        listener.Start();

        using var timer = new PeriodicTimer(options.Value.ReportInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: one last report, so that a clean shutdown loses nothing.
            await ReportAsync();
        }
    }

    private void Count(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument)
        {
            case RecordTelemetry.ChangesInstrument:
                string? source = null, entity = null, outcome = null;
                var imported = false;
                foreach (var tag in tags)
                {
                    switch (tag.Key)
                    {
                        case "source": source = tag.Value as string; break;
                        case "entity": entity = tag.Value as string; break;
                        case "outcome": outcome = tag.Value as string; break;
                        case "imported": imported = tag.Value is true; break;
                    }
                }

                // Only accepted changes cost Dataverse anything; stale and duplicate ones are answered from state.
                if (source is not null && entity is not null && outcome == "accepted")
                {
                    var counts = _sources.GetOrAdd((source, entity), _ => new long[2]);
                    Interlocked.Add(ref counts[imported ? 1 : 0], value);
                }

                break;
            case "crmsync.dataverse.requests":
                Interlocked.Add(ref _requests, value);
                break;
            case "crmsync.dataverse.records_per_request":
                Interlocked.Add(ref _rows, value);
                Interlocked.Increment(ref _requestsWithRows);
                break;
            case "crmsync.dataverse.throttled":
                Interlocked.Add(ref _throttled, value);
                break;
        }
    }

    private async Task ReportAsync()
    {
        var sources = new List<SourceUsage>();
        foreach (var ((source, entity), counts) in _sources)
        {
            var changes = Interlocked.Exchange(ref counts[0], 0);
            var imported = Interlocked.Exchange(ref counts[1], 0);
            if (changes + imported > 0)
            {
                sources.Add(new SourceUsage(source, entity, changes, imported));
            }
        }

        var now = time.GetUtcNow();
        var report = new UsageReport(
            _countingSince, now, sources, Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _rows, 0),
            Interlocked.Exchange(ref _requestsWithRows, 0), Interlocked.Exchange(ref _throttled, 0),
            (writer as BatchingDataverseWriter)?.Lanes.Count ?? 1);
        if (sources.Count == 0 && report.DataverseRequests == 0)
        {
            return;
        }

        try
        {
            // A report every few seconds is housekeeping, like Orleans' own timers: untraced, so that the dashboard's
            // traces page shows webhooks and syncs, not one usage trace per silo every interval.
            using (SuppressInstrumentationScope.Begin())
            {
                await grains.GetGrain<IUsageGrain>(0).Add(report);
            }

            _countingSince = now;
        }
        catch (Exception ex)
        {
            // Put the counts back for the next report.
            foreach (var usage in sources)
            {
                var counts = _sources.GetOrAdd((usage.Source, usage.Entity), _ => new long[2]);
                Interlocked.Add(ref counts[0], usage.Changes);
                Interlocked.Add(ref counts[1], usage.Imported);
            }

            Interlocked.Add(ref _requests, report.DataverseRequests);
            Interlocked.Add(ref _rows, report.RowsSent);
            Interlocked.Add(ref _requestsWithRows, report.RequestsWithRows);
            Interlocked.Add(ref _throttled, report.Throttled);
            LogReportFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage could not be reported to the usage grain; the counts go with the next report")]
    private partial void LogReportFailed(Exception exception);
}
