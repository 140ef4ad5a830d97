using CrmSync.CrmSimulator.Data;
using Microsoft.Extensions.DependencyInjection;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;
using SimRecycleBin = CrmSync.CrmSimulator.Salesforce.SalesforceRecycleBin;

namespace CrmSync.Connectors.Tests.Salesforce;

/// <summary>
/// Polling a Salesforce source: <c>WHERE SystemModstamp &gt; since</c>, paged by nextRecordsUrl, then getDeleted. The simulator's
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
        Assert.Equal("deleted:", page.NextCursor);
        Assert.Empty(none.Changes);
    }

    [Fact]
    public async Task AfterTheQueryARoundReadsTheRecordsDeletedSinceThroughGetDeletedAtTheVersionsTheirApexWebhooksCarry()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 30, contacts: 10);
        await using var withoutDeletes = await SalesforceHarness.StartAsync(accounts: 30, contacts: 10, new Dictionary<string, string?> { ["PollDeletes"] = "false" });
        var early = SimIds.IdOf(SimEntity.Account, 9);
        var late = SimIds.IdOf(SimEntity.Account, 11);
        await harness.ChangeAsync("apex", new { type = "Account", id = early, operation = "delete" });
        await harness.ChangeAsync("apex",
            new { type = "Account", id = late, operation = "update", fields = new { Name = "Once" } },
            new { type = "Account", id = late, operation = "update", fields = new { Name = "Twice" } });
        var bodies = await harness.ChangeAsync("apex", new { type = "Account", id = late, operation = "delete" });
        var webhook = Assert.Single(await harness.Connector.ParseAsync(SalesforceHarness.Request(bodies[0]), CancellationToken.None));
        var query = new ChangeQuery(SimRecord.Epoch.AddSeconds(3).UtcDateTime.ToString("O"), null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(0.5));

        var updates = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account, query, CancellationToken.None);
        var deletions = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account, query with { Cursor = updates.NextCursor }, CancellationToken.None);
        var updatesOnly = await withoutDeletes.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account, query, CancellationToken.None);

        Assert.Equal((0, "deleted:"), (updates.Changes.Count, updates.NextCursor));
        var delete = Assert.Single(deletions.Changes);
        Assert.Equal((late, ChangeOperation.Delete, ChangeVersion.FromTimestamp(SimRecord.Epoch.AddSeconds(3))), (delete.SourceId, delete.Operation, delete.Version));
        Assert.Equal((webhook.SourceId, webhook.Operation, webhook.Version), (delete.SourceId, delete.Operation, delete.Version));
        Assert.Null(deletions.NextCursor);
        Assert.Null(updatesOnly.NextCursor);
    }

    [Fact]
    public async Task DeletionsPurgedFromTheLogBeforeARoundAsksAreAGapNamingTheReconcileNotASilentLoss()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 30, contacts: 10);
        var purged = SimIds.IdOf(SimEntity.Account, 4);
        var kept = SimIds.IdOf(SimEntity.Account, 5);
        await harness.ChangeAsync("apex", new { type = "Account", id = purged, operation = "delete" });
        await harness.ChangeAsync("apex",
            new { type = "Account", id = kept, operation = "update", fields = new { Name = "Kept" } },
            new { type = "Account", id = kept, operation = "delete" });
        // A record's clock moves a second a change: the first deletion is at the epoch + 1 s, the second at + 2 s, and
        // the log now starts between them.
        harness.Simulator.Services.GetRequiredService<SimRecycleBin>().PurgeLogBefore(SimRecord.Epoch.AddSeconds(1.5));
        var behind = new ChangeQuery(SimRecord.Epoch.UtcDateTime.ToString("O"), "deleted:", DateTimeOffset.UtcNow, TimeSpan.Zero);
        var since = new ChangeQuery(SimRecord.Epoch.AddSeconds(1.5).UtcDateTime.ToString("O"), "deleted:", DateTimeOffset.UtcNow, TimeSpan.Zero);

        var afterThePurge = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account, behind, CancellationToken.None);
        var inTheLog = await harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Account, since, CancellationToken.None);

        Assert.Equal([kept], afterThePurge.Changes.Select(change => change.SourceId));
        Assert.Contains($"Salesforce lists deleted Account records only from {SimRecord.Epoch.AddSeconds(1.5):u}", afterThePurge.Gap);
        Assert.Contains($"run `crmsync reconcile {SalesforceHarness.Source} account`", afterThePurge.Gap);
        Assert.Equal([kept], inTheLog.Changes.Select(change => change.SourceId));
        Assert.Null(inTheLog.Gap);
    }

    [Fact]
    public async Task GetDeletedWithRefusedCredentialsIsASourceReadExceptionNamingThem()
    {
        await using var harness = await SalesforceHarness.StartAsync(accounts: 10, contacts: 10, new Dictionary<string, string?> { ["ClientSecret"] = "not-the-secret" });

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => harness.Feed.ReadChangesAsync(SalesforceHarness.Source, Entities.Contact,
            new ChangeQuery(null, "deleted:", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30)), CancellationToken.None));

        Assert.Contains($"check CrmSync:Sources:{SalesforceHarness.Source}:ClientId and CrmSync:Sources:{SalesforceHarness.Source}:ClientSecret", refused.Message);
    }
}
