using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

public sealed class DataverseEditTests : IAsyncLifetime
{
    private readonly List<(long Value, string? Policy)> _counted = [];
    private RecordCluster _cluster = null!;
    private MeterListener _listener = null!;

    public async Task InitializeAsync()
    {
        _cluster = await RecordCluster.StartAsync();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RecordTelemetry.Name && instrument.Name == "crmsync.records.dataverse_edits")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_counted)
            {
                _counted.Add((value, tags.ToArray().Single(tag => tag.Key == "policy").Value as string));
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TheNextWriteCarriesTheETagOfTheLastAndAnEditOfAWrittenColumnIsCountedAndOverwritten()
    {
        var record = _cluster.Record("account", "Edit-1");
        await record.Accept(Upsert("account", "Edit-1", 1, ("name", "\"CRM v1\"")));
        await WaitForStatusAsync(record, RecordStatus.Written);
        var written = await _cluster.RowAsync("accounts", "Edit-1");
        await EditAsync("Edit-1", new { name = "Edited" });

        await record.Accept(Upsert("account", "Edit-1", 2, ("name", "\"CRM v2\"")));

        var snapshot = await WaitForStatusAsync(record, RecordStatus.Written);
        Assert.Equal("CRM v2", (string?)(await _cluster.RowAsync("accounts", "Edit-1"))!["name"]);
        var sent = _cluster.Writer.Sent[RecordCluster.RowId("Edit-1")].ToList();
        Assert.Null(sent[0].ETag);
        Assert.Equal((string?)written!["@odata.etag"], sent[1].ETag);
        var edit = Assert.Single(snapshot.DataverseEdits);
        Assert.Equal(DataverseEditPolicy.Overwrite, edit.Policy);
        Assert.Equal(new EditedColumn("\"Edited\"", "\"CRM v2\""), edit.Columns["name"]);
        Assert.Equal([(1L, "overwrite")], Counted());
    }

    [Fact]
    public async Task AnEditOfAColumnCrmSyncDoesNotWriteIsNoConflictAndIsNotCounted()
    {
        var record = _cluster.Record("account", "Edit-2");
        await record.Accept(Upsert("account", "Edit-2", 1, ("name", "\"CRM v1\"")));
        await WaitForStatusAsync(record, RecordStatus.Written);
        await EditAsync("Edit-2", new { description = "A note made in Dataverse" });

        await record.Accept(Upsert("account", "Edit-2", 2, ("name", "\"CRM v2\"")));

        var snapshot = await WaitForStatusAsync(record, RecordStatus.Written);
        var row = await _cluster.RowAsync("accounts", "Edit-2");
        Assert.Equal(("CRM v2", "A note made in Dataverse"), ((string?)row!["name"], (string?)row["description"]));
        Assert.True(snapshot.DataverseEdits.Count == 0, string.Join("; ", snapshot.DataverseEdits));
        Assert.Empty(Counted());
    }

    private async Task EditAsync(string id, object columns) =>
        (await _cluster.WebApi.PatchAsJsonAsync($"accounts({RecordCluster.RowId(id)})", columns)).EnsureSuccessStatusCode();

    private List<(long, string?)> Counted()
    {
        lock (_counted)
        {
            return [.. _counted];
        }
    }
}
