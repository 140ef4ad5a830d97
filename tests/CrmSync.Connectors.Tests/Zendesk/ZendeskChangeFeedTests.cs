using CrmSync.Connectors.Tests.Rest;

namespace CrmSync.Connectors.Tests.Zendesk;

/// <summary>
/// Polling a Zendesk source through the time-based incremental export. The simulator's export selects by the wall clock
/// of each change, as Zendesk's does, while updated_at (the version) runs on its own clock from 2026-01-01.
/// </summary>
public sealed class ZendeskChangeFeedTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARoundReadsEveryChangeSinceTheWatermarkOnceAcrossItsPagesAndEndsAtTheExportsEndTime()
    {
        using var services = ZendeskSource.Create(simulator.Address, settings: new Dictionary<string, string?> { ["ExportPageSize"] = "2" });
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await simulator.EditAsync([.. new[] { 3, 5, 7 }.Select(Rename)]);
        // The export pages by whole seconds: changes in a later second must start a later page.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await simulator.EditAsync([.. new[] { 11, 13, 17 }.Select(Rename)]);
        var watermark = DateTimeOffset.UtcNow.AddMinutes(-5).UtcDateTime.ToString("O");

        var pages = await RoundAsync(services, Entities.Account, watermark, DateTimeOffset.UtcNow);

        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        var changes = pages.SelectMany(page => page.Changes).ToList();
        Assert.Equal(new[] { 3, 5, 7, 11, 13, 17 }.Select(i => (ZendeskSource.Organizations + i).ToString()), changes.Select(change => change.SourceId).Order());
        Assert.All(changes, change => Assert.Equal((ChangeOperation.Upsert, ChangeVersion.FromTimestamp(DateTimeOffset.Parse("2026-01-01T00:00:01Z"))), (change.Operation, change.Version)));
        Assert.Equal("\"Renamed 360000003\"", changes.Single(change => change.SourceId == "360000003").Fields["name"]);
        var end = DateTimeOffset.Parse(pages[^1].Watermark);
        Assert.InRange(end, before.AddTicks(-(before.Ticks % TimeSpan.TicksPerSecond)), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task DeletedUsersAndOrganizationsAreDeletesAtTheVersionsTheirWebhookEventsCarry()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        var events = await simulator.EditAsync(
            new { entity = "contact", id = "C0000021", action = "delete" },
            new { entity = "account", id = "A0000022", action = "delete" },
            new { entity = "contact", id = "C0000023", action = "change", fields = new Dictionary<string, string?> { ["lastName"] = "Kept" } });
        var hooks = new List<RecordChange>();
        foreach (var notice in events)
        {
            hooks.AddRange(await services.Connector().ParseAsync(notice, CancellationToken.None));
        }

        var contacts = (await RoundAsync(services, Entities.Contact, null, DateTimeOffset.UtcNow)).SelectMany(page => page.Changes).ToList();
        var accounts = (await RoundAsync(services, Entities.Account, null, DateTimeOffset.UtcNow)).SelectMany(page => page.Changes).ToList();

        Assert.Equal([("370000021", ChangeOperation.Delete), ("370000023", ChangeOperation.Upsert)], contacts.Select(change => (change.SourceId, change.Operation)).Order());
        var account = Assert.Single(accounts);
        Assert.Equal(("360000022", ChangeOperation.Delete), (account.SourceId, account.Operation));
        Assert.Equal(hooks.Select(hook => (hook.SourceId, hook.Operation, hook.Version)).Order(),
            contacts.Concat(accounts).Select(change => (change.SourceId, change.Operation, change.Version)).Order());
    }

    [Fact]
    public async Task ARoundStartsAMinuteBackAtTheLatestSoAWatermarkAheadOfTheChangesReadsThemAgainAndDoesNotFallBack()
    {
        using var services = ZendeskSource.Create(simulator.Address);
        await simulator.EditAsync(Rename(31));
        var ahead = DateTimeOffset.UtcNow.AddSeconds(20);

        var again = await RoundAsync(services, Entities.Account, ahead.UtcDateTime.ToString("O"), DateTimeOffset.UtcNow, Overlap);

        Assert.Equal("360000031", Assert.Single(again.SelectMany(page => page.Changes)).SourceId);
        Assert.Equal(ahead.UtcDateTime.ToString("O"), again[^1].Watermark);
    }

    [Fact]
    public async Task AMisconfiguredSourceOrAForeignCursorIsASourceReadExceptionThatSaysWhatToFix()
    {
        using var wrongUrl = ZendeskSource.Create(simulator.Address, settings: new Dictionary<string, string?> { ["BaseUrl"] = new Uri(simulator.Address, "nowhere").ToString() });
        using var wrongSize = ZendeskSource.Create(simulator.Address, settings: new Dictionary<string, string?> { ["ExportPageSize"] = "5000" });
        using var services = ZendeskSource.Create(simulator.Address);
        var query = new ChangeQuery(null, null, DateTimeOffset.UtcNow, Overlap);

        var notFound = await Assert.ThrowsAsync<SourceReadException>(() => wrongUrl.Feed().ReadChangesAsync(ZendeskSource.Name, Entities.Contact, query, CancellationToken.None));
        var size = await Assert.ThrowsAsync<SourceReadException>(() => wrongSize.Feed().ReadChangesAsync(ZendeskSource.Name, Entities.Contact, query, CancellationToken.None));
        var foreign = await Assert.ThrowsAsync<SourceReadException>(() => services.Feed().ReadChangesAsync(ZendeskSource.Name, Entities.Contact,
            query with { Cursor = "https://evil.example.com/api/v2/incremental/users.json?start_time=1" }, CancellationToken.None));

        Assert.Contains("answered 404", notFound.Message);
        Assert.Contains("check CrmSync:Sources:zd:Subdomain or BaseUrl", notFound.Message);
        Assert.Contains("CrmSync:Sources:zd:ExportPageSize must be between 1 and 1000", size.Message);
        Assert.StartsWith("'https://evil.example.com/api/v2/incremental/users.json?start_time=1' is not a page of Zendesk source 'zd''s users export", foreign.Message);
    }

    private static object Rename(int index) =>
        new { entity = "account", id = $"A{index:0000000}", action = "change", fields = new Dictionary<string, string?> { ["name"] = $"Renamed {ZendeskSource.Organizations + index}" } };

    private static async Task<List<ChangePage>> RoundAsync(Microsoft.Extensions.DependencyInjection.ServiceProvider services, string entity, string? watermark, DateTimeOffset startedAt, TimeSpan? overlap = null)
    {
        var pages = new List<ChangePage>();
        string? cursor = null;
        do
        {
            pages.Add(await services.Feed().ReadChangesAsync(ZendeskSource.Name, entity, new ChangeQuery(watermark, cursor, startedAt, overlap ?? Overlap), CancellationToken.None));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 20);
        return pages;
    }
}
