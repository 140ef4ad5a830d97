namespace CrmSync.CrmSimulator.Tests.Zendesk;

/// <summary>Zendesk's time-based incremental export: changed and deleted records since start_time, paged by whole seconds.</summary>
public sealed class IncrementalExportTests : IAsyncLifetime
{
    private TestSimulator simulator = null!;

    public async Task InitializeAsync() => simulator = await TestSimulator.StartAsync(("Accounts", "30"), ("Contacts", "30"));

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task TheExportListsChangedAndDeletedRecordsOldestFirstAndPagesWithoutRepeatingABusySecond()
    {
        var startTime = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds();
        await EditAsync("""[{"entity":"contact","id":"C0000004","action":"change","fields":{"lastName":"First"}},{"entity":"contact","id":"C0000002","action":"change","fields":{"lastName":"Second"}}]""");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await EditAsync("""[{"entity":"contact","id":"C0000009","action":"delete"}]""");

        var pages = new List<JsonObject> { (await simulator.GetJsonAsync($"zendesk/api/v2/incremental/users.json?per_page=1&start_time={startTime}")).AsObject() };
        while (pages[^1]["next_page"] is { } next && pages.Count < 5)
        {
            pages.Add((await simulator.GetJsonAsync(((string)next!)[simulator.Client.BaseAddress!.ToString().Length..])).AsObject());
        }

        var users = pages.SelectMany(page => page["users"]!.AsArray()).ToList();

        Assert.Equal([370000002L, 370000004L], users.Take(2).Select(user => (long)user!["id"]!).Order());
        Assert.Equal((3, 370000009L), (users.Count, (long)users[2]!["id"]!));
        Assert.Equal([true, true, false], users.Select(user => (bool)user!["active"]!));
        Assert.Equal("2026-01-01T00:00:01Z", (string?)users[2]!["updated_at"]);
        Assert.InRange(pages.Count, 2, 3);
        Assert.Equal(users.Count, pages.Sum(page => (int)page["count"]!));
        Assert.All(pages.SkipLast(1), page => Assert.False((bool)page["end_of_stream"]!));
        Assert.True((bool)pages[^1]["end_of_stream"]!);
        Assert.True((long)pages[^1]["end_time"]! > (long)pages[0]["end_time"]!);
    }

    [Fact]
    public async Task ADeletedOrganizationHasDeletedAtAndAStartTimeUnderAMinuteOldIsRefused()
    {
        await EditAsync("""[{"entity":"account","id":"A0000005","action":"delete"}]""");

        var export = await simulator.GetJsonAsync($"zendesk/api/v2/incremental/organizations.json?start_time={DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds()}");
        using var tooRecent = await simulator.GetAsync($"zendesk/api/v2/incremental/organizations.json?start_time={DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeSeconds()}");

        var organization = Assert.Single(export["organizations"]!.AsArray())!;
        Assert.Equal((360000005L, "2026-01-01T00:00:01Z"), ((long)organization["id"]!, (string?)organization["deleted_at"]));
        Assert.Contains("Too recent start_time", (string?)(await TestSimulator.AssertProblemAsync(tooRecent, HttpStatusCode.BadRequest))["detail"]);
    }

    private async Task EditAsync(string changes)
    {
        using var response = await simulator.PostAsync("simulator/zendesk/changes", $$"""{"changes":{{changes}}}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
