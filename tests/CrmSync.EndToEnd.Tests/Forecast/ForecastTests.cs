using System.Net.Http.Json;
using System.Text.Json;
using CrmSync.Cli;
using CrmSync.Cli.Gateway;
using SyncJobState = CrmSync.Cli.Gateway.SyncJobState;

namespace CrmSync.EndToEnd.Tests.Forecast;

public sealed class ForecastSystem : CrmSourceSystem
{
    public const int Accounts = 300;
    public const int Contacts = 600;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Simulator__Accounts"] = $"{Accounts}",
        ["Simulator__Contacts"] = $"{Contacts}",
        // Every second, so the test need not wait for the default ten.
        ["CrmSync__Usage__ReportInterval"] = "00:00:01",
    };
}

/// <summary>
/// <c>crmsync forecast</c> checked against a measured run: an initial sync and a burst of webhooks through the real
/// processes, then the forecast's measured figures compared with what the emulator and the sync jobs counted, and its
/// projections with the arithmetic they claim.
/// </summary>
public sealed class ForecastTests : IClassFixture<ForecastSystem>
{
    private const string Source = DemoSource.Name;
    private const int Webhooks = 40;

    private readonly ForecastSystem _system;
    private readonly ITestOutputHelper _output;

    public ForecastTests(ForecastSystem system, ITestOutputHelper output)
    {
        _system = system;
        _output = output;
        system.System.ShowOutputIn(output);
    }

    [Fact]
    public async Task TheForecastWorksFromWhatTheRunMeasuredAndSaysSo()
    {
        using var sync = new SyncClient(_system.System.GatewayUrl);
        var accounts = await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        var contacts = await sync.WaitForStateAsync((await sync.StartAsync(Source, "contact")).Id, SyncJobState.Completed, TimeSpan.FromMinutes(3));
        var changes = Enumerable.Range(0, Webhooks).Select(i => GenericChange.Account(RecordIds.New("Forecast"), 1, new { name = $"Changed {i}" })).ToList();
        foreach (var batch in changes.Chunk(10))
        {
            var answer = await _system.System.Webhooks.SendAsync(_system.System.Webhooks.CreateRequest(WebhookMessage.Of(batch), source: Source));
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        }

        var stats = await _system.System.Dataverse.WaitUntilWritesSettleAsync();
        using var http = new HttpClient { BaseAddress = _system.System.GatewayUrl };
        var forecast = await Eventually.MatchesAsync(
            () => http.GetFromJsonAsync<ForecastView>($"admin/forecast/{Source}?entitlement=100000", Json)!,
            view => view!.Measured.Changes == Webhooks && view.Measured.RowsSent == stats.RecordsWritten,
            $"the forecast to have measured {Webhooks} changes and {stats.RecordsWritten} rows",
            TimeSpan.FromSeconds(30),
            view => JsonSerializer.Serialize(view!.Measured));

        var measured = forecast!.Measured;
        Assert.Equal([("account", (long)ForecastSystem.Accounts, (long?)accounts.Pages), ("contact", ForecastSystem.Contacts, contacts.Pages)],
            measured.Sizes.Select(size => (size.Entity, size.Records, size.Pages)));
        Assert.Equal(accounts.Pages + contacts.Pages, forecast.InitialSync.SourceCalls);
        Assert.Equal(ForecastSystem.Accounts + ForecastSystem.Contacts, forecast.InitialSync.Records);

        var rowsPerRequest = (double)measured.RowsSent / measured.RequestsWithRows;
        var rowsPerChange = Math.Min(1, (double)measured.RowsSent / measured.AcceptedAll);
        var perDay = Webhooks * 86_400 / measured.Observed.TotalSeconds;
        Assert.Equal(ForecastSystem.Accounts + ForecastSystem.Contacts + Webhooks, measured.AcceptedAll);
        Assert.Equal(rowsPerRequest, forecast.RowsPerRequest, 6);
        Assert.Equal(perDay, forecast.Daily.ChangesPerDay, 6);
        Assert.Equal(perDay * rowsPerChange, forecast.Daily.DataverseRowOperationsPerDay, 6);
        Assert.Equal(perDay * rowsPerChange / rowsPerRequest, forecast.Daily.DataverseRequestsPerDay, 6);
        Assert.Equal(0, forecast.Daily.SourceCallsPerDayAtMost);
        Assert.Equal(perDay * rowsPerChange / 100_000, forecast.Daily.EntitlementShare!.Value, 9);
        Assert.Equal((ForecastSystem.Accounts + ForecastSystem.Contacts) / (20.0 * measured.ApplicationUsers * rowsPerRequest), forecast.InitialSync.FastestSecondsUnderLimits, 6);
        var atMeasuredRate = ForecastSystem.Accounts / accounts.Rate + ForecastSystem.Contacts / contacts.Rate;
        Assert.InRange(forecast.InitialSync.SecondsAtMeasuredRate!.Value, atMeasuredRate * 0.95, atMeasuredRate * 1.05);
        Assert.Contains(forecast.Assumptions, assumption => assumption.Contains("not 24 h", StringComparison.Ordinal));

        // The CLI prints the same forecast for a person.
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CrmSyncCli.RunAsync(["forecast", Source, "--entitlement", "100000", "--gateway", _system.System.GatewayUrl.ToString()], output, error);
        Assert.True(exit == 0, error.ToString());
        _output.WriteLine(output.ToString());
        Assert.Contains($"Forecast for {Source} (Rest)", output.ToString());
        Assert.Contains("Dataverse row operations (entitlement)", output.ToString());
        Assert.Contains("Assumptions:", output.ToString());
    }

    [Fact]
    public async Task ASourceNeverSyncedNeedsItsCountsAndBadInputGetsAProblem()
    {
        using var http = new HttpClient { BaseAddress = _system.System.GatewayUrl };

        var unknown = await http.GetAsync("admin/forecast/nosuchcrm");
        var unsynced = await http.GetAsync($"admin/forecast/{CrmSyncResources.GenericSource}");
        var negative = await http.GetAsync($"admin/forecast/{Source}?entitlement=0");
        var given = await http.GetFromJsonAsync<ForecastView>($"admin/forecast/{CrmSyncResources.GenericSource}?accounts=1000&contacts=4000", Json);

        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, unsynced.StatusCode);
        Assert.Contains($"run 'crmsync sync start {CrmSyncResources.GenericSource} account' or pass --accounts N", await unsynced.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(5000, given!.InitialSync.Records);
        Assert.All(given.Measured.Sizes, size => Assert.Equal("given", size.From));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
