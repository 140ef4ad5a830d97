using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Rest;

/// <summary>Polling a REST source with its configured UpdatedSince parameter, in the simulator's paging styles.</summary>
public sealed class RestChangeFeedTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Theory]
    [InlineData("offset")]
    [InlineData("page")]
    [InlineData("cursor")]
    [InlineData("link")]
    public async Task ARoundReadsOnlyTheRecordsChangedSinceTheWatermarkLessTheOverlap(string style)
    {
        var start = DateTimeOffset.UtcNow;
        var changed = new[] { "A0000011", "A0000042", "A0000077" };
        foreach (var id in changed)
        {
            await simulator.PostAsync($"simulator/records/account/{id}", new { fields = new { name = $"Renamed {id} in {style}" } });
        }

        using var services = RestReaders.Create(Settings(style, updatedSince: "updated_since", pageSize: 2));
        var feed = services.GetRequiredService<ISourceChangeFeed>();
        var pages = new List<ChangePage>();
        string? cursor = null;
        do
        {
            pages.Add(await feed.ReadChangesAsync(SimulatorSources.Name, Entities.Account, new ChangeQuery(null, cursor, start, TimeSpan.FromSeconds(2)), CancellationToken.None));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        var read = pages.SelectMany(page => page.Changes).ToList();
        Assert.Equal(changed, read.Select(change => change.SourceId).Order());
        Assert.All(read, change => Assert.Equal($"\"Renamed {change.SourceId} in {style}\"", change.Fields["name"]));
        Assert.True(pages.Count >= 2, $"{pages.Count} pages of at most 2");
        Assert.True(feed.CanPoll(SimulatorSources.Name, Entities.Account));
    }

    [Fact]
    public async Task AnEntityWithoutUpdatedSinceCannotBePolledAndSaysWhichSettingToSet()
    {
        using var services = RestReaders.Create(Settings("offset", updatedSince: null, pageSize: 20));
        var feed = services.GetRequiredService<ISourceChangeFeed>();

        var refused = await Assert.ThrowsAsync<SourceReadException>(() =>
            feed.ReadChangesAsync(SimulatorSources.Name, Entities.Account, new ChangeQuery(null, null, DateTimeOffset.UtcNow, TimeSpan.Zero), CancellationToken.None));

        Assert.False(feed.CanPoll(SimulatorSources.Name, Entities.Account));
        Assert.Contains($"CrmSync:Sources:{SimulatorSources.Name}:Entities:account:UpdatedSince", refused.Message);
    }

    private Dictionary<string, string?> Settings(string style, string? updatedSince, int pageSize)
    {
        var settings = SimulatorSources.For(simulator.Address, style, Entities.Account, pageSize);
        settings[$"CrmSync:Sources:{SimulatorSources.Name}:Entities:account:UpdatedSince"] = updatedSince;
        return settings;
    }
}
