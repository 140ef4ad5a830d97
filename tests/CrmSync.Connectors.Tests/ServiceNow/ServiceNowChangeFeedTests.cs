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
        var later = await harness.Feed.ReadChangesAsync(ServiceNowHarness.Source, Entities.Account, new ChangeQuery(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2)), CancellationToken.None);

        Assert.Equal((40, "40", 5, (string?)null), (first.Changes.Count, first.NextCursor, second.Changes.Count, second.NextCursor));
        Assert.Equal(changed.Order(), first.Changes.Concat(second.Changes).Select(change => change.SourceId).Order());
        Assert.Equal($"\"Changed {changed[0]}\"", first.Changes.Single(change => change.SourceId == changed[0]).Fields["name"]);
        Assert.Equal(start.UtcDateTime.ToString("O"), second.Watermark);
        Assert.Empty(later.Changes);
    }

    public void Dispose() => harness.Dispose();
}
