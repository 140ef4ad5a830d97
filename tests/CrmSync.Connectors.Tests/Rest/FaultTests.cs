using System.Diagnostics;
using CrmSync.Connectors.Rest;
using CrmSync.CrmSimulator.Hosting;

namespace CrmSync.Connectors.Tests.Rest;

public class FaultTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => simulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task WaitsOutTooManyRequestsForTheRetryAfterSeconds()
    {
        await simulator.PostAsync("simulator/faults", new { status = 429, count = 2, retryAfterSeconds = 1 });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "link", Entities.Account));
        var waited = Stopwatch.StartNew();

        var page = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None);

        Assert.Equal(20, page.Changes.Count);
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
        Assert.Equal(2, (int)(await simulator.StatsAsync())["throttled"]!);
    }

    [Fact]
    public async Task BacksOffOnServiceUnavailableWithoutRetryAfter()
    {
        await simulator.PostAsync("simulator/faults", new { status = 503, count = 3 });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "page", Entities.Account));

        var pages = await services.Reader().ReadAllAsync(SimulatorSources.Name, Entities.Account);

        Assert.Equal(SimulatorFixture.Accounts, pages.Sum(page => page.Changes.Count));
    }

    [Fact]
    public async Task GivesUpWhenThrottledLongerThanAPageMayWait()
    {
        await simulator.PostAsync("simulator/faults", new { status = 429, count = 50, retryAfterSeconds = 1 });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "offset", Entities.Account), RestReaders.FastPolicy with { MaxThrottleWait = TimeSpan.FromSeconds(2.5) });

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None));

        Assert.StartsWith("Source 'sim' is still throttling (429) at ", refused.Message);
        Assert.EndsWith("start the job again later to resume from this page.", refused.Message);
        Assert.Equal(3, (int)(await simulator.StatsAsync())["throttled"]!);
    }

    [Fact]
    public async Task RetriesServerErrorsAFewTimes()
    {
        await simulator.PostAsync("simulator/faults", new { status = 500, count = RestReaders.FastPolicy.TransientRetries });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "cursor", Entities.Contact));

        var page = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Contact, null, CancellationToken.None);

        Assert.Equal("C0000001", page.Changes[0].SourceId);
    }

    [Fact]
    public async Task FailsAfterServerErrorsOutlastTheRetries()
    {
        await simulator.PostAsync("simulator/faults", new { status = 502, count = RestReaders.FastPolicy.TransientRetries + 1 });
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "cursor", Entities.Contact));

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Contact, null, CancellationToken.None));

        Assert.Contains($"after {RestReaders.FastPolicy.TransientRetries + 1} attempts (last: 502 Bad Gateway)", refused.Message);
    }

    [Fact]
    public async Task ACrmThatIsDownFailsNamingBaseUrl()
    {
        var stopped = await CrmSimulatorHost.StartAsync();
        var address = stopped.GetSimulatorAddress();
        await stopped.DisposeAsync();
        using var services = RestReaders.Create(SimulatorSources.For(address, "offset", Entities.Account));

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None));

        Assert.StartsWith($"Source 'sim' could not be read at {address}api/offset/accounts", refused.Message);
        Assert.Contains("check CrmSync:Sources:sim:BaseUrl and that the CRM is up", refused.Message);
    }

    [Fact]
    public async Task AMalformedPageFailsNamingThePage()
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "nexturl", Entities.Account));
        var first = await services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None);
        await simulator.PostAsync("simulator/faults", new { malformed = true });

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, first.NextCursor, CancellationToken.None));

        Assert.StartsWith($"Page {first.NextCursor} of source 'sim' is not JSON", refused.Message);
        Assert.EndsWith("check that CrmSync:Sources:sim:Entities:account:Path points at the API and not at a web page.", refused.Message);
    }

    [Theory]
    [InlineData("Entities:account:Records", "$.rows", "has no array of records at '$.rows'; check CrmSync:Sources:sim:Entities:account:Records.")]
    [InlineData("Entities:account:Records", "$.total", "has no array of records at '$.total'; check CrmSync:Sources:sim:Entities:account:Records.")]
    [InlineData("Entities:account:Id", "$.key", "Record [0] on page ")]
    [InlineData("Entities:account:Version", "$.rev", "Record 'A0000001' on page ")]
    [InlineData("Entities:account:Fields:name", "$", "holds Object at '$' where a string, number, boolean or null belongs; check CrmSync:Sources:sim:Entities:account:Fields:name.")]
    [InlineData("Entities:account:Paging:TotalPath", "$.count", "has no record count at '$.count'; check CrmSync:Sources:sim:Entities:account:Paging:TotalPath or remove it.")]
    [InlineData("Entities:account:Path", "api/offsets/accounts", "Source 'sim' answered 404 Not Found at ")]
    public async Task APageThatDoesNotFitTheSettingsFailsNamingTheSetting(string key, string value, string expected)
    {
        using var services = RestReaders.Create(SimulatorSources.For(simulator.Address, "offset", Entities.Account).With(key, value));

        var refused = await Assert.ThrowsAsync<SourceReadException>(() => services.Reader().ReadPageAsync(SimulatorSources.Name, Entities.Account, null, CancellationToken.None));

        Assert.Contains(expected, refused.Message);
        Assert.Contains(key.Split(':')[^1], refused.Message);
    }
}
