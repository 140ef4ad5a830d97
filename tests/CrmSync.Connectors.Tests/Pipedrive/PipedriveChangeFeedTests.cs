using CrmSync.Connectors.Tests.Rest;
using CrmSync.CrmSimulator.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.Connectors.Tests.Pipedrive;

/// <summary>
/// Polling a Pipedrive source: API v2's updated_since, oldest update first, paged by next_cursor. The simulator's
/// update_time runs on its own clock (version 1 at its epoch, one second on per change), so the watermarks here are on
/// that clock.
/// </summary>
public sealed class PipedriveChangeFeedTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await simulator.ResetAsync();
        await simulator.PostAsync("simulator/auth", new { type = "ApiKey", header = "x-api-token", value = PipedriveSource.ApiToken });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARoundReadsTheRecordsUpdatedSinceTheWatermarkLessTheOverlapOldestFirstAtTheVersionsTheirWebhooksCarry()
    {
        using var services = PipedriveSource.Create(simulator.Address, pageSize: 2);
        var notifications = await simulator.EditAsync("iso",
            new { entity = "contact", id = "C0000040", action = "change", fields = new { lastName = "First" } },
            new { entity = "contact", id = "C0000040", action = "change", fields = new { lastName = "Second" } },
            new { entity = "contact", id = "C0000008", action = "change", fields = new { lastName = "Once" } },
            new { entity = "contact", id = "C0000090", action = "change", fields = new { lastName = "Once" } });
        var hooks = (await Task.WhenAll(notifications.Select(n => services.Connector().ParseAsync(n, CancellationToken.None)))).SelectMany(c => c)
            .GroupBy(change => change.SourceId).ToDictionary(group => group.Key, group => group.Max(change => change.Version));

        // updated_since has whole seconds: a watermark less the overlap of 1.5 s asks from 1 s on.
        var pages = await RoundAsync(services, At(2), TimeSpan.FromSeconds(0.5));
        var later = await RoundAsync(services, At(3.5), TimeSpan.FromSeconds(0.5));

        Assert.Equal(2, pages.Count);
        var changes = pages.SelectMany(page => page.Changes).ToList();
        Assert.Equal(["8", "90", "40"], changes.Select(change => change.SourceId));
        Assert.Equal([ChangeVersion.FromTimestamp(At(1)), ChangeVersion.FromTimestamp(At(1)), ChangeVersion.FromTimestamp(At(2))], changes.Select(change => change.Version));
        Assert.All(changes, change => Assert.Equal(hooks[change.SourceId], change.Version));
        Assert.Equal("\"Second\"", changes[2].Fields["lastname"]);
        Assert.Empty(later.SelectMany(page => page.Changes));
    }

    [Fact]
    public async Task AWrongTokenOrAWrongAddressIsASourceReadExceptionNamingTheSetting()
    {
        using var services = PipedriveSource.Create(simulator.Address);
        using var nowhere = RestReaders.Create(new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{PipedriveSource.Name}:Kind"] = "Pipedrive",
            [$"CrmSync:Sources:{PipedriveSource.Name}:BaseUrl"] = new Uri(simulator.Address, "nowhere").ToString(),
            [$"CrmSync:Sources:{PipedriveSource.Name}:ApiToken"] = PipedriveSource.ApiToken,
        });
        var query = new ChangeQuery(null, null, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30));

        var missing = await Assert.ThrowsAsync<SourceReadException>(() => Feed(nowhere).ReadChangesAsync(PipedriveSource.Name, Entities.Account, query, CancellationToken.None));
        await simulator.PostAsync("simulator/auth", new { type = "ApiKey", header = "x-api-token", value = "another-token" });
        var refused = await Assert.ThrowsAsync<SourceReadException>(() => Feed(services).ReadChangesAsync(PipedriveSource.Name, Entities.Account, query, CancellationToken.None));

        Assert.Contains("answered 404", missing.Message);
        Assert.Contains($"CrmSync:Sources:{PipedriveSource.Name}:ApiToken", refused.Message);
    }

    private static DateTimeOffset At(double seconds) => SimRecord.Epoch.AddSeconds(seconds);

    private static IConnectorChangeFeed Feed(ServiceProvider services) => services.GetServices<IConnectorChangeFeed>().Single(feed => feed.Kind == SourceKind.Pipedrive);

    private static async Task<List<ChangePage>> RoundAsync(ServiceProvider services, DateTimeOffset watermark, TimeSpan overlap)
    {
        var pages = new List<ChangePage>();
        string? cursor = null;
        do
        {
            var query = new ChangeQuery(watermark.UtcDateTime.ToString("O"), cursor, DateTimeOffset.UtcNow, overlap);
            pages.Add(await Feed(services).ReadChangesAsync(PipedriveSource.Name, Entities.Contact, query, CancellationToken.None));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 20);
        return pages;
    }
}
