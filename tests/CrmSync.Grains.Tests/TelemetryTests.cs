using System.Diagnostics.Metrics;
using static CrmSync.Grains.Tests.SyncJobs;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

[Collection(AloneCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecordTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Collect(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Collect(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Collect(instrument, value, tags));
        _listener.Start();
        _cluster = await RecordCluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task AWrittenChangeRecordsItsLagFromAcknowledgementToRow()
    {
        var record = _cluster.Record("contact", "Lag-1");
        var acknowledged = DateTime.UtcNow;
        await record.Accept(Upsert("contact", "Lag-1", 1, ("lastname", "\"Lag\"")));
        await WaitForStatusAsync(record, RecordStatus.Written);
        var bound = (DateTime.UtcNow - acknowledged).TotalSeconds;

        var lags = Measured("crmsync.records.write_lag", "entity", "contact");
        var lag = Assert.Single(lags);
        Assert.InRange(lag, 0.0001, bound);
    }

    [Fact]
    public async Task AParkedRecordIsCountedAndShowsInTheParkedGauge()
    {
        var before = ObserveParked();
        var record = _cluster.Record("account", "Park-1");
        await record.Accept(Upsert("account", "Park-1", 1, ("name", TooLongName)));
        var parked = await WaitForStatusAsync(record, RecordStatus.Parked);
        await _cluster.Cluster.GrainFactory.WaitUntilListedAsync(parked.Key, listed: true);

        Assert.Equal([1.0], Measured("crmsync.records.parkings", "entity", "account"));
        Assert.Equal(before + 1, ObserveParked());
    }

    [Fact]
    public async Task ASyncJobsProgressIsObservedBySourceAndEntity()
    {
        _cluster.Crm.Serve(Accounts("Gauge", 30));
        var job = _cluster.Job(Entities.Account);
        await job.Start();
        await job.WaitUntilSettledAsync();

        _measurements.Clear();
        _listener.RecordObservableInstruments();

        double Gauge(string name) => Assert.Single(_measurements, m => m.Instrument == name
            && Equals(m.Tags["source"], RecordCluster.Source) && Equals(m.Tags["entity"], Entities.Account)).Value;
        Assert.Equal((30.0, 30.0, 0.0, 30.0, 0.0), (
            Gauge("crmsync.sync.records.read"), Gauge("crmsync.sync.records.written"), Gauge("crmsync.sync.records.parked"),
            Gauge("crmsync.sync.records.total"), Gauge("crmsync.sync.running")));
    }

    private double ObserveParked()
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return _measurements.Where(m => m.Instrument == "crmsync.records.parked").Sum(m => m.Value);
    }

    private List<double> Measured(string instrument, string tag, string value)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value)).Select(m => m.Value)];
        }
    }

    private void Collect(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
