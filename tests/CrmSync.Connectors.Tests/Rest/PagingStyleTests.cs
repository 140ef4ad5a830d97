using System.Text.Json.Nodes;

namespace CrmSync.Connectors.Tests.Rest;

public class PagingStyleTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("offset", "account", 20)]
    [InlineData("offset", "contact", 20)]
    [InlineData("offset", "account", 19)]
    [InlineData("offset-untotalled", "account", 19)]
    [InlineData("page", "account", 20)]
    [InlineData("page", "contact", 10)]
    [InlineData("cursor", "account", 20)]
    [InlineData("cursor", "contact", 5)]
    [InlineData("nexturl", "account", 20)]
    [InlineData("nexturl", "contact", 26)]
    [InlineData("link", "account", 19)]
    [InlineData("link", "contact", 20)]
    [InlineData("link-bare", "contact", 20)]
    public async Task ReadsEveryRecordOnceWithItsFieldsVersionUrlAndParent(string style, string entity, int pageSize)
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, style, entity, pageSize));

        var changes = (await services.Reader().ReadAllAsync(SimulatorSources.Name, entity)).SelectMany(page => page.Changes).ToList();

        var prefix = entity == Entities.Account ? "A" : "C";
        Assert.Equal(Enumerable.Range(1, SimulatorFixture.Count(entity)).Select(i => $"{prefix}{i:D7}"), changes.Select(c => c.SourceId));
        foreach (var change in changes)
        {
            await AssertMatchesAsync(entity, change);
        }

        if (entity == Entities.Contact)
        {
            var parents = changes.Select(c => c.Fields[RecordFields.ParentAccountId]).ToList();
            Assert.Contains("null", parents);
            Assert.Contains(parents, parent => parent.StartsWith("\"A", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("offset", 19, 5)]
    [InlineData("offset-untotalled", 19, 6)]
    [InlineData("page", 19, 6)]
    [InlineData("cursor", 19, 5)]
    [InlineData("nexturl", 19, 5)]
    [InlineData("link", 19, 5)]
    [InlineData("offset", 20, 5)]
    [InlineData("page", 20, 5)]
    public async Task StopsAtTheLastPageTheStyleCanTell(string style, int pageSize, int pages)
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, style, Entities.Account, pageSize));

        var read = await services.Reader().ReadAllAsync(SimulatorSources.Name, Entities.Account);

        Assert.Equal(pages, read.Count);
        Assert.Equal(pages, (int)(await simulator.StatsAsync())["pages"]!);
        Assert.Null(read[^1].NextCursor);
    }

    [Theory]
    [InlineData("offset", 95L)]
    [InlineData("nexturl", 95L)]
    [InlineData("link", null)]
    public async Task ReportsTheTotalWhenTotalPathIsSet(string style, long? total)
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, style, Entities.Account));

        var page = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None);

        Assert.Equal(total, page.Total);
    }

    [Fact]
    public async Task UrlTemplateBuildsTheDeepLinkFromTheId()
    {
        var settings = SimulatorSources.For(simulator.Address, "cursor", Entities.Account)
            .With("Entities:account:Url", null)
            .With("Entities:account:UrlTemplate", "https://crm.example.com/accounts/{id}?view=full");
        using var services = RestReaders.Create(settings);

        var page = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None);

        Assert.Equal("\"https://crm.example.com/accounts/A0000001?view=full\"", page.Changes[0].Fields[RecordFields.SourceUrl]);
    }

    [Fact]
    public async Task TimestampVersionsGrowWhenTheRecordChanges()
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "offset", Entities.Account).With("Entities:account:Version", "$.updatedAt"));
        var before = (await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None)).Changes[2];

        await simulator.PostAsync("simulator/records/account/A0000003", new { fields = new { name = "Renamed Ltd" } });
        var after = (await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None)).Changes[2];

        Assert.True(after.Version > before.Version, $"{after.Version} should be after {before.Version}");
        Assert.Equal("\"Renamed Ltd\"", after.Fields["name"]);
    }

    private async Task AssertMatchesAsync(string entity, RecordChange change)
    {
        var record = await simulator.GetRecordAsync(entity, change.SourceId);
        Assert.Equal((entity, ChangeOperation.Upsert, false), (change.Entity, change.Operation, change.IsComplete));
        Assert.Equal(ChangeVersion.FromInteger((long)record["version"]!), change.Version);
        var expected = SimulatorSources.Fields[entity].ToDictionary(field => field.Key, field => record[field.Value.TrimStart('$', '.')]);
        expected[RecordFields.SourceUrl] = record["url"];
        if (entity == Entities.Contact)
        {
            expected[RecordFields.ParentAccountId] = record["accountId"];
        }

        Assert.Equal(expected.Keys.Order(), change.Fields.Keys.Order());
        foreach (var (column, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(change.Fields[column])), $"{change.SourceId} {column}: expected {value?.ToJsonString() ?? "null"}, read {change.Fields[column]}");
        }
    }
}
