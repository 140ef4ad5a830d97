using CrmSync.Testing;
using System.Text.Json.Nodes;
using static CrmSync.Grains.Tests.TestRecords;

namespace CrmSync.Grains.Tests;

public sealed class RecordGrainTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AcceptedChangeBecomesARowWithTheSourceColumns()
    {
        var record = _cluster.Record("account", "A-1");
        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert("account", "A-1", 1, ("name", "\"Contoso\""), ("msdyn_source_crm_url", "\"https://crm/a/1\""))));
        await _cluster.WaitUntilSettledAsync([record]);

        var row = await _cluster.RowAsync("accounts", "A-1");
        Assert.NotNull(row);
        Assert.Equal("Contoso", row["name"]!.GetValue<string>());
        Assert.Equal(RecordCluster.SourceCrmValue, row["msdyn_source_crm"]!.GetValue<int>());
        Assert.Equal("A-1", row["msdyn_source_crm_id"]!.GetValue<string>());
        Assert.Equal("https://crm/a/1", row["msdyn_source_crm_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShuffledDuplicatedConcurrentDeliveriesEndAtTheNewestVersionWrittenInOrder()
    {
        const int records = 40, versions = 12;
        var deliveries = Enumerable.Range(0, records)
            .SelectMany(r => Enumerable.Range(1, versions).Select(v => Upsert("account", $"S-{r}", v, ("name", $"\"v{v}\""), ("description", $"\"{r}\""))))
            .SelectMany(change => new[] { change, change })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (change, _) =>
            await _cluster.Record(change.Entity, change.SourceId).Accept(change));
        var grains = Enumerable.Range(0, records).Select(r => _cluster.Record("account", $"S-{r}")).ToList();
        await _cluster.WaitUntilSettledAsync(grains);

        for (var r = 0; r < records; r++)
        {
            var row = await _cluster.RowAsync("accounts", $"S-{r}");
            Assert.True(row is not null, $"no row: {(await grains[r].GetSnapshot())}");
            Assert.Equal($"v{versions}", row!["name"]!.GetValue<string>());
            var sentVersions = _cluster.Writer.Sent[RecordCluster.RowId($"S-{r}")].Select(w => int.Parse(w.Body!["name"]!.GetValue<string>()[1..])).ToList();
            Assert.Equal(sentVersions.Order(), sentVersions);
            Assert.Equal(sentVersions.Distinct().Count(), sentVersions.Count);
        }

        Assert.Equal(1, _cluster.Writer.MaxInFlightPerRow);
    }

    [Fact]
    public async Task DuplicateIsAnsweredDuplicateAndCausesNoSecondWrite()
    {
        var record = _cluster.Record("account", "D-1");
        var change = Upsert("account", "D-1", 7, ("name", "\"Once\""));
        await record.Accept(change);
        await _cluster.WaitUntilSettledAsync([record]);
        var written = await _cluster.RecordsWrittenAsync();

        Assert.Equal(AcceptOutcome.Duplicate, await record.Accept(change));
        await Task.Delay(300);

        Assert.Equal(written, await _cluster.RecordsWrittenAsync());
        Assert.Equal(1, _cluster.Writer.Count(RecordCluster.RowId("D-1")));
    }

    [Fact]
    public async Task DeleteFollowedByAnOlderUpdateStaysDeleted()
    {
        var record = _cluster.Record("account", "X-1");
        await record.Accept(Upsert("account", "X-1", 1, ("name", "\"Doomed\"")));
        await record.Accept(Delete("account", "X-1", 5));
        Assert.Equal(AcceptOutcome.Stale, await record.Accept(Upsert("account", "X-1", 4, ("name", "\"Late\""))));
        await _cluster.WaitUntilSettledAsync([record]);

        Assert.Null(await _cluster.RowAsync("accounts", "X-1"));
    }

    [Fact]
    public async Task NewerChangeAfterADeleteRevivesTheRecordFromBlank()
    {
        var record = _cluster.Record("account", "R-1");
        await record.Accept(Upsert("account", "R-1", 1, ("name", "\"First\""), ("fax", "\"555\"")));
        await _cluster.WaitUntilSettledAsync([record]);
        await record.Accept(Delete("account", "R-1", 2));
        await _cluster.WaitUntilSettledAsync([record]);
        await record.Accept(Upsert("account", "R-1", 3, ("name", "\"Second\"")));
        await _cluster.WaitUntilSettledAsync([record]);

        var row = await _cluster.RowAsync("accounts", "R-1");
        Assert.Equal("Second", row!["name"]!.GetValue<string>());
        Assert.Null(row["fax"]);
    }

    [Fact]
    public async Task ContactThatArrivesBeforeItsAccountWaitsAndIsBoundOnceTheAccountIsWritten()
    {
        var contact = _cluster.Record("contact", "C-1");
        await contact.Accept(Upsert("contact", "C-1", 1, ("lastname", "\"Early\""), (RecordFields.ParentAccountId, "\"P-1\"")));
        await WaitForStatusAsync(contact, RecordStatus.WaitingForAccount);
        Assert.Null(await _cluster.RowAsync("contacts", "C-1"));

        var account = _cluster.Record("account", "P-1");
        await account.Accept(Upsert("account", "P-1", 1, ("name", "\"Parent\"")));
        await _cluster.WaitUntilSettledAsync([account, contact]);

        var row = await _cluster.RowAsync("contacts", "C-1");
        Assert.Equal(RecordCluster.RowId("P-1").ToString(), row!["_parentcustomerid_value"]!.GetValue<string>());
    }

    [Fact]
    public async Task RowThatDataverseRefusesIsParkedWithItsErrorAndANewerChangeWritesIt()
    {
        var record = _cluster.Record("account", "Bad-1");
        await record.Accept(Upsert("account", "Bad-1", 1, ("name", $"\"{new string('x', 500)}\"")));
        var parked = await WaitForStatusAsync(record, RecordStatus.Parked);
        Assert.Contains("name", parked.LastError);

        await record.Accept(Upsert("account", "Bad-1", 2, ("name", "\"Fixed\"")));
        await _cluster.WaitUntilSettledAsync([record]);
        Assert.Equal("Fixed", (await _cluster.RowAsync("accounts", "Bad-1"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChangesAcceptedWhileDataverseIsDownAreWrittenWhenItReturns()
    {
        await _cluster.StopEmulatorAsync();
        var record = _cluster.Record("account", "Down-1");
        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert("account", "Down-1", 1, ("name", "\"Patient\""))));
        await Task.Delay(500);
        Assert.Equal(RecordStatus.Pending, (await record.GetSnapshot()).Status);

        await _cluster.StartEmulatorAsync();
        await _cluster.WaitUntilSettledAsync([record]);
        Assert.Equal("Patient", (await _cluster.RowAsync("accounts", "Down-1"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PendingWriteResumesAfterTheSiloIsKilledAndRestarted()
    {
        await _cluster.StopEmulatorAsync();
        Assert.Equal(AcceptOutcome.Accepted, await _cluster.Record("account", "K-1").Accept(Upsert("account", "K-1", 3, ("name", "\"Survivor\""))));
        await _cluster.KillSiloAsync();

        await _cluster.StartEmulatorAsync();
        await _cluster.StartSiloAsync();

        // Nothing calls the grain: only its reminder can bring the write back.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonObject? row;
        while ((row = await _cluster.RowAsync("accounts", "K-1")) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal("Survivor", row?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task ChangeAcceptedWhileTheReminderServiceIsUnavailableResumesFromTheReminderTableAfterAKill()
    {
        await _cluster.StopEmulatorAsync();
        _cluster.ReminderService.Unavailable = true;
        var record = _cluster.Record("account", "Ring-1");

        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert("account", "Ring-1", 1, ("name", "\"Kept\""))));
        Assert.Equal(1, _cluster.ReminderService.Refused);
        Assert.NotNull(await _cluster.ResumeReminderETagAsync(record));
        await _cluster.KillSiloAsync();

        await _cluster.StartEmulatorAsync();
        await _cluster.StartSiloAsync();

        // Nothing calls the grain: only the reminder row it stored itself can bring the write back.
        var row = await Eventually.MatchesAsync(() => _cluster.RowAsync("accounts", "Ring-1"), row => row is not null, "the row written by the reminder from the table");
        Assert.Equal("Kept", row!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PendingWriteStoredAsJsonByAnEarlierVersionResumesAfterTheUpgrade()
    {
        await _cluster.KillSiloAsync();
        await _cluster.StartSiloAsync(storesJson: true);
        await _cluster.StopEmulatorAsync();
        var record = _cluster.Record("account", "Json-1");
        await record.Accept(Upsert("account", "Json-1", 1, ("name", "\"Older\"")));
        await record.Accept(Upsert("account", "Json-1", 2, ("name", "\"Upgraded\""), ("msdyn_source_crm_url", "\"https://crm/a/json\"")));
        await _cluster.KillSiloAsync();

        await _cluster.StartEmulatorAsync();
        await _cluster.StartSiloAsync();
        record = _cluster.Record("account", "Json-1");
        await _cluster.WaitUntilSettledAsync([record]);
        var snapshot = await record.GetSnapshot();

        Assert.Equal(("\"Upgraded\"", "\"https://crm/a/json\""), (snapshot.Fields["name"], snapshot.Fields["msdyn_source_crm_url"]));
        Assert.Equal([ChangeVersion.FromInteger(1), ChangeVersion.FromInteger(2)], snapshot.RecentChanges.Select(c => c.Version));
        Assert.Equal("Upgraded", (await _cluster.RowAsync("accounts", "Json-1"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task BusyRecordRegistersItsResumeReminderOnceAndDropsItWhenDeactivated()
    {
        var record = _cluster.Record("account", "Busy-1");
        await record.Accept(Upsert("account", "Busy-1", 1, ("name", "\"v1\"")));
        await _cluster.WaitUntilSettledAsync([record]);
        var registered = await _cluster.ResumeReminderETagAsync(record);
        for (var version = 2; version <= 4; version++)
        {
            await record.Accept(Upsert("account", "Busy-1", version, ("name", $"\"v{version}\"")));
            await _cluster.WaitUntilSettledAsync([record]);
        }

        Assert.NotNull(registered);
        Assert.Equal(registered, await _cluster.ResumeReminderETagAsync(record));

        var writes = _cluster.Writer.Count(RecordCluster.RowId("Busy-1"));
        await _cluster.DeactivateIdleGrainsAsync();
        await Eventually.MatchesAsync(() => _cluster.ResumeReminderETagAsync(record), etag => etag is null, "the reminder dropped at deactivation");

        // Activated again from storage: the written revision was stored at deactivation, so nothing is written again.
        Assert.Equal(AcceptOutcome.Duplicate, await record.Accept(Upsert("account", "Busy-1", 4, ("name", "\"v4\""))));
        var snapshot = await record.GetSnapshot();
        await Task.Delay(300);
        Assert.Equal((RecordStatus.Written, snapshot.DesiredRevision), (snapshot.Status, snapshot.WrittenRevision));
        Assert.Equal(writes, _cluster.Writer.Count(RecordCluster.RowId("Busy-1")));
        Assert.Equal("v4", (await _cluster.RowAsync("accounts", "Busy-1"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordWhoseWriteAFullWriterDefersLeavesMemoryAndItsReminderWritesItLater()
    {
        _cluster.Writer.Full = true;
        var record = _cluster.Record("account", "Full-1");

        Assert.Equal(AcceptOutcome.Accepted, await record.Accept(Upsert("account", "Full-1", 1, ("name", "\"v1\""))));
        await Eventually.MatchesAsync(() => _cluster.IsActiveAsync(record), active => !active, "the record to leave memory once the writer deferred its write");

        Assert.True(_cluster.Writer.Count(RecordCluster.RowId("Full-1")) > 0);
        Assert.NotNull(await _cluster.ResumeReminderETagAsync(record));
        Assert.Null(await _cluster.RowAsync("accounts", "Full-1"));
        _cluster.Writer.Full = false;
        var row = await Eventually.MatchesAsync(() => _cluster.RowAsync("accounts", "Full-1"), row => row is not null, "the record's reminder to write its row once the writer has room");
        Assert.Equal("v1", row!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AContactDeletedWhileItsWriteMeetsAMissingAccountIsDeletedNotParked()
    {
        var contact = _cluster.Record("contact", "Race-C");
        await using (await _cluster.SlowDataverseAsync(TimeSpan.FromSeconds(1)))
        {
            await contact.Accept(Upsert("contact", "Race-C", 1, ("lastname", "\"Early\""), (RecordFields.ParentAccountId, "\"Race-Never\"")));
            await Eventually.MatchesAsync(() => Task.FromResult(_cluster.Writer.Count(RecordCluster.RowId("Race-C"))), count => count == 1, "the contact's write to be out");

            // Accepted while the write is out; its answer (no such account) then concerns a state already replaced.
            await contact.Accept(Delete("contact", "Race-C", 2));
        }

        var snapshot = await WaitForStatusAsync(contact, RecordStatus.Written);
        Assert.True(snapshot.Deleted);
        Assert.Null(await _cluster.RowAsync("contacts", "Race-C"));
    }

    [Fact]
    public async Task AChangeAcceptedWhileARefusedWriteIsOutIsWrittenNotParkedWithIt()
    {
        var record = _cluster.Record("account", "Race-A");
        await using (await _cluster.SlowDataverseAsync(TimeSpan.FromSeconds(1)))
        {
            await record.Accept(Upsert("account", "Race-A", 1, ("name", TooLongName)));
            await Eventually.MatchesAsync(() => Task.FromResult(_cluster.Writer.Count(RecordCluster.RowId("Race-A"))), count => count == 1, "the account's write to be out");

            await record.Accept(Upsert("account", "Race-A", 2, ("name", "\"Fixed in the CRM\"")));
        }

        await WaitForStatusAsync(record, RecordStatus.Written);
        Assert.Equal("Fixed in the CRM", (string?)(await _cluster.RowAsync("accounts", "Race-A"))!["name"]);
    }
}
