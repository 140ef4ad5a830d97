using CrmSync.CrmSimulator.Data;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.Connectors.Tests.Salesforce;

/// <summary>
/// Polling a Salesforce source: <c>WHERE SystemModstamp &gt; since</c>, paged by nextRecordsUrl. The simulator's
/// SystemModstamp runs on its own clock (version 1 at its epoch, one second on per change), so the watermarks here are
/// on that clock.
/// </summary>
public sealed class SalesforceChangeFeedTests
{
    [Fact]
    public async Task ARoundReadsOnlyTheRecordsModifiedAfterTheWatermarkLessTheOverlap()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 300, contacts: 10);
        var changed = new[] { 7, 150, 299 }.Select(index => SimIds.IdOf(SimEntity.Account, index)).ToList();
        await harness.ChangeAsync("apex", [.. changed.Select(id => new { type = "Account", id, operation = "update", fields = new { Name = $"Changed {id}" } })]);
        var watermark = SimRecord.Epoch.AddSeconds(2).UtcDateTime.ToString("O");

        var page = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account,
            new ChangeQuery(watermark, null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.5)), CancellationToken.None);
        var none = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account,
            new ChangeQuery(SimRecord.Epoch.AddSeconds(5).UtcDateTime.ToString("O"), null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.5)), CancellationToken.None);

        Assert.Equal(changed, page.Changes.Select(change => change.SourceId).Order());
        Assert.All(page.Changes, change => Assert.Equal(ChangeVersion.FromTimestamp(SimRecord.Epoch.AddSeconds(1)), change.Version));
        Assert.Equal($"\"Changed {changed[0]}\"", page.Changes[0].Fields["name"]);
        Assert.Null(page.NextCursor);
        Assert.Empty(none.Changes);
    }
}
