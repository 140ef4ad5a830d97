using CrmSync.CrmSimulator.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.HubSpot;

/// <summary>
/// Polling a HubSpot source: search on the last-modified date, then the archived list. The simulator's updatedAt runs
/// on its own clock (version 1 at its epoch, one second on per change), so the watermarks here are on that clock.
/// </summary>
public sealed class HubSpotChangeFeedTests(HubSpotSource hubSpot) : IClassFixture<HubSpotSource>, IAsyncLifetime
{
    public Task InitializeAsync() => hubSpot.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARoundSearchesTheRecordsModifiedSinceTheWatermarkLessTheOverlapOldestFirstAndThenTheArchivedList()
    {
        await hubSpot.RenameCompanyAsync(7, times: 2);
        await hubSpot.RenameCompanyAsync(30);
        await hubSpot.RenameCompanyAsync(12);
        using var services = hubSpot.With(("SearchPageSize", "2"));

        var pages = await RoundAsync(services, At(1.5), TimeSpan.FromSeconds(1));
        var none = await RoundAsync(services, At(3), TimeSpan.FromSeconds(0.5));

        Assert.Equal([$"search:{At(0.5).ToUnixTimeMilliseconds()}:2", "archived:", null], pages.Select(page => page.NextCursor));
        var changes = pages.SelectMany(page => page.Changes).ToList();
        Assert.Equal([("12", Version(1)), ("30", Version(1)), ("7", Version(2))], changes.Select(change => (change.SourceId, change.Version)));
        Assert.Equal("\"Changed 7\"", changes[2].Fields["name"]);
        Assert.Empty(none.SelectMany(page => page.Changes));
    }

    [Fact]
    public async Task RecordsArchivedSinceTheWatermarkAreDeletesAtTheInstantTheirDeletionWebhookCarries()
    {
        await hubSpot.RenameCompanyAsync(21, times: 2);
        await hubSpot.ArchiveCompanyAsync(21);
        await hubSpot.ArchiveCompanyAsync(20);
        using var withoutDeletes = hubSpot.With(("PollDeletes", "false"));
        var webhook = Assert.Single(await hubSpot.Connector.ParseAsync(
            HubSpotSource.Webhook($"[{HubSpotSource.Event("company.deletion", 21, At(3).ToUnixTimeMilliseconds())}]"), CancellationToken.None));

        var pages = await RoundAsync(hubSpot.Services, At(2.5), TimeSpan.FromSeconds(0.5));
        var updatesOnly = await RoundAsync(withoutDeletes, At(2.5), TimeSpan.FromSeconds(0.5));

        var delete = Assert.Single(pages.SelectMany(page => page.Changes));
        Assert.Equal(("21", ChangeOperation.Delete, Version(3)), (delete.SourceId, delete.Operation, delete.Version));
        Assert.Equal((webhook.Operation, webhook.Version), (delete.Operation, delete.Version));
        Assert.Equal(((string?)null, 0), (Assert.Single(updatesOnly).NextCursor, updatesOnly[0].Changes.Count));
    }

    [Fact]
    public async Task ASearchThatWouldPassHubSpotsResultLimitStartsAgainFromTheLastRecordsModifiedDate()
    {
        var limited = new HubSpotSource { SimulatorSettings = new Dictionary<string, string?> { ["Simulator:HubSpotSearchLimit"] = "10" } };
        await limited.InitializeAsync();
        try
        {
            foreach (var id in Enumerable.Range(1, 15))
            {
                await limited.RenameCompanyAsync(id, times: (id + 4) / 5);
            }

            using var services = limited.With(("SearchPageSize", "4"), ("SearchResultLimit", "10"), ("PollDeletes", "false"));
            using var unaware = limited.With(("SearchPageSize", "4"), ("PollDeletes", "false"));

            var pages = await RoundAsync(services, At(0.5), TimeSpan.Zero);
            var refused = await Assert.ThrowsAsync<SourceReadException>(() => RoundAsync(unaware, At(0.5), TimeSpan.Zero));

            var ids = pages.SelectMany(page => page.Changes).Select(change => change.SourceId).ToList();
            Assert.Equal(Enumerable.Range(1, 15).Select(id => $"{id}").Order(), ids.Distinct().Order());
            Assert.Equal([$"search:{At(2).ToUnixTimeMilliseconds()}:", $"search:{At(3).ToUnixTimeMilliseconds()}:"], pages.Select(page => page.NextCursor).Where(cursor => cursor?.EndsWith(':') == true));
            Assert.True(ids.Count > 15, $"{ids.Count} read: the records of the millisecond it starts again from are read twice");
            Assert.Contains("Search results are limited to 10", refused.Message);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task AMisconfiguredSourceOrAForeignCursorIsASourceReadExceptionThatSaysWhatToFix()
    {
        using var wrongToken = hubSpot.With(("AccessToken", "pat-na1-wrong"));
        using var wrongSize = hubSpot.With(("SearchPageSize", "500"));
        var query = new ChangeQuery(null, null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30));

        var token = await Assert.ThrowsAsync<SourceReadException>(() => HubSpotSource.FeedOf(wrongToken).ReadChangesAsync(HubSpotSource.Name, Entities.Account, query, CancellationToken.None));
        var size = await Assert.ThrowsAsync<SourceReadException>(() => HubSpotSource.FeedOf(wrongSize).ReadChangesAsync(HubSpotSource.Name, Entities.Account, query, CancellationToken.None));
        var foreign = await Assert.ThrowsAsync<SourceReadException>(() => hubSpot.Feed.ReadChangesAsync(HubSpotSource.Name, Entities.Account, query with { Cursor = "offset:40" }, CancellationToken.None));

        Assert.Contains("CrmSync:Sources:hs:AccessToken", token.Message);
        Assert.Contains("CrmSync:Sources:hs:SearchPageSize must be 1 to 200", size.Message);
        Assert.StartsWith("'offset:40' is not a page of HubSpot source 'hs''s poll", foreign.Message);
    }

    private static DateTimeOffset At(double seconds) => SimRecord.Epoch.AddSeconds(seconds);

    private static ChangeVersion Version(double seconds) => ChangeVersion.FromTimestamp(At(seconds));

    private static async Task<List<ChangePage>> RoundAsync(ServiceProvider services, DateTimeOffset watermark, TimeSpan overlap)
    {
        var pages = new List<ChangePage>();
        string? cursor = null;
        do
        {
            var query = new ChangeQuery(watermark.UtcDateTime.ToString("O"), cursor, DateTimeOffset.UtcNow, overlap);
            pages.Add(await HubSpotSource.FeedOf(services).ReadChangesAsync(HubSpotSource.Name, Entities.Account, query, CancellationToken.None));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 20);
        return pages;
    }
}
