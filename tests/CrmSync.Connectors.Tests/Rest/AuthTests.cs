namespace CrmSync.Connectors.Tests.Rest;

public class AuthTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, Dictionary<string, string?>, Dictionary<string, string?>, string> Credentials => new()
    {
        {
            "Basic",
            new() { ["Auth:Type"] = "Basic", ["Auth:Username"] = "sync", ["Auth:Password"] = "s3cret" },
            new() { ["Auth:Password"] = "wrong" },
            "check CrmSync:Sources:sim:Auth:Username and CrmSync:Sources:sim:Auth:Password."
        },
        {
            "Bearer",
            new() { ["Auth:Type"] = "Bearer", ["Auth:Token"] = "t0ken" },
            new() { ["Auth:Token"] = "expired" },
            "check CrmSync:Sources:sim:Auth:Token, which may have expired."
        },
        {
            "ApiKey",
            new() { ["Auth:Type"] = "ApiKey", ["Auth:Header"] = "X-Api-Key", ["Auth:Value"] = "k3y" },
            new() { ["Auth:Header"] = "X-Other-Key" },
            "check CrmSync:Sources:sim:Auth:Header and CrmSync:Sources:sim:Auth:Value."
        },
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task RightCredentialsReadAndWrongOnesSayWhichSettingToCheck(string type, Dictionary<string, string?> right, Dictionary<string, string?> wrong, string advice)
    {
        await simulator.PostAsync("simulator/auth", new
        {
            type,
            username = right.GetValueOrDefault("Auth:Username"),
            password = right.GetValueOrDefault("Auth:Password"),
            token = right.GetValueOrDefault("Auth:Token"),
            header = right.GetValueOrDefault("Auth:Header"),
            value = right.GetValueOrDefault("Auth:Value"),
        });
        var settings = right.Aggregate(SimulatorSources.For(simulator.Address, "offset", Entities.Account), (all, setting) => all.With(setting.Key, setting.Value));

        using (var services = RestReaders.Create(settings))
        {
            var page = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None);
            Assert.Equal(20, page.Changes.Count);
        }

        using (var services = RestReaders.Create(wrong.Aggregate(settings, (all, setting) => all.With(setting.Key, setting.Value))))
        {
            var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None));
            Assert.StartsWith("The credentials for source 'sim' were refused (401)", refused.Message);
            Assert.EndsWith(advice, refused.Message);
        }

        Assert.Equal(1, (int)(await simulator.StatsAsync())["unauthorized"]!);
    }

    [Fact]
    public async Task ASourceConfiguredWithoutCredentialsIsToldToSetThem()
    {
        await simulator.PostAsync("simulator/auth", new { type = "Bearer", token = "t0ken" });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "cursor", Entities.Contact));

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Contact, null, CancellationToken.None));

        Assert.StartsWith("Source 'sim' refused a request without credentials (401)", refused.Message);
        Assert.EndsWith("set CrmSync:Sources:sim:Auth:Type and its credentials.", refused.Message);
    }

    [Fact]
    public async Task CredentialsGoWithEveryPageOfTheRun()
    {
        await simulator.PostAsync("simulator/auth", new { type = "Basic", username = "sync", password = "s3cret" });
        var settings = SimulatorSources.For(simulator.Address, "nexturl", Entities.Contact, pageSize: 50)
            .With("Auth:Type", "Basic").With("Auth:Username", "sync").With("Auth:Password", "s3cret");
        using var services = RestReaders.Create(settings);

        var pages = await services.Reader().ReadAllAsync(SimulatorSources.Name, Entities.Contact);

        Assert.Equal(SimulatorFixture.Contacts, pages.Sum(page => page.Changes.Count));
        Assert.Equal(0, (int)(await simulator.StatsAsync())["unauthorized"]!);
    }
}
