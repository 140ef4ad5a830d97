namespace CrmSync.Connectors.Tests.Rest;

public class ChurnTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("offset")]
    [InlineData("cursor")]
    [InlineData("link")]
    public async Task RecordsChangedWhilePagingComeWithTheVersionTheyHadWhenTheirPageWasRead(string style)
    {
        await simulator.PostAsync("simulator/churn", new { entity = "contact", perPage = 8 });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, style, Entities.Contact, pageSize: 10));
        var reader = services.Reader();
        var read = new List<RecordChange>();
        string? cursor = null;
        do
        {
            var before = await simulator.ChangedVersionsAsync();
            var page = await reader.ReadPageAsync(SimulatorSources.Name, Entities.Contact, cursor, CancellationToken.None);
            var after = await simulator.ChangedVersionsAsync();
            foreach (var change in page.Changes)
            {
                Assert.InRange(change.Version.Major, before.GetValueOrDefault(change.SourceId, 1), after.GetValueOrDefault(change.SourceId, 1));
            }

            read.AddRange(page.Changes);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(SimulatorFixture.Contacts, read.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(SimulatorFixture.Contacts, read.Count);
        Assert.Contains(read, change => change.Version.Major > 1);
    }
}
