using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.ServiceNow;

/// <summary>Polling a ServiceNow source: the Table API's sys_updated_on&gt;= query, oldest change first, paged by offset.</summary>
public sealed class ServiceNowChangeFeedTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly ServiceNowHarness harness = new(simulator.Address);

    [Fact]
    public async Task ARoundReadsOnlyTheRecordsChangedSinceTheWatermarkLessTheOverlapInPages()
    {
        var start = DateTimeOffset.UtcNow;
        var changed = Enumerable.Range(1, 45).Select(i => SimulatorRecords.AccountSysId(i * 2)).ToList();
        foreach (var sysId in changed)
        {
            await simulator.ChangeAsync("customer_account", sysId, "update", new { name = $"Changed {sysId}" });
        }

        var first = await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Account, new ChangeQuery(null, null, start, TimeSpan.FromSeconds(2)), CancellationToken.None);
        var second = await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Account, new ChangeQuery(null, first.NextCursor, start, TimeSpan.FromSeconds(2)), CancellationToken.None);
        var deletions = await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Account, new ChangeQuery(null, second.NextCursor, start, TimeSpan.FromSeconds(2)), CancellationToken.None);
        var later = await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Account, new ChangeQuery(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2)), CancellationToken.None);

        Assert.Equal((40, "40", 5, "deleted:0"), (first.Changes.Count, first.NextCursor, second.Changes.Count, second.NextCursor));
        Assert.Equal((0, (string?)null), (deletions.Changes.Count, deletions.NextCursor));
        Assert.Equal(changed.Order(), first.Changes.Concat(second.Changes).Select(change => change.SourceId).Order());
        Assert.Equal($"\"Changed {changed[0]}\"", first.Changes.Single(change => change.SourceId == changed[0]).Fields["name"]);
        Assert.Equal(start.UtcDateTime.ToString("O"), second.Watermark);
        Assert.Empty(later.Changes);
    }

    [Fact]
    public async Task AfterTheUpdatesARoundReadsTheDeletionsFromSysAuditDelete()
    {
        var start = DateTimeOffset.UtcNow;
        var deleted = SimulatorRecords.ContactSysId(33);
        await simulator.ChangeAsync("customer_contact", SimulatorRecords.ContactSysId(34), "update", new { last_name = "Kept" });
        await simulator.ChangeAsync("customer_contact", deleted, "delete");

        var pages = new List<ChangePage>();
        string? cursor = null;
        do
        {
            pages.Add(await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Contact, new ChangeQuery(null, cursor, start, TimeSpan.FromSeconds(2)), CancellationToken.None));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 10);
        using var withoutDeletes = new ServiceNowHarness(simulator.Address, new Dictionary<string, string?> { [$"CrmSync:Sources:{ServiceNowHarness.Source}:PollDeletes"] = "false" });
        var updatesOnly = await withoutDeletes.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Contact, new ChangeQuery(null, null, start, TimeSpan.FromSeconds(2)), CancellationToken.None);

        var changes = pages.SelectMany(page => page.Changes).ToList();
        Assert.Equal([(SimulatorRecords.ContactSysId(34), ChangeOperation.Upsert), (deleted, ChangeOperation.Delete)], changes.Select(change => (change.SourceId, change.Operation)));
        var delete = changes[1];
        Assert.True(delete.Version.Major >= ChangeVersion.FromTimestamp(start.AddSeconds(-1)).Major, $"{delete.Version}");
        Assert.Equal(long.MaxValue, delete.Version.Minor);
        Assert.Equal(((string?)null, 1), (updatesOnly.NextCursor, updatesOnly.Changes.Count));
    }

    public void Dispose() => harness.Dispose();
}
