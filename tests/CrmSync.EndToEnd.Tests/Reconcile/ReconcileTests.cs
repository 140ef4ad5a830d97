using System.Net.Http.Json;
using System.Text.Json;
using CrmSync.Cli;

namespace CrmSync.EndToEnd.Tests.Reconcile;

public sealed class ReconcileSystem : CrmSourceSystem
{
    public const string Source = "pd";
    /// <summary>120 by default; CRMSYNC_RECONCILE_E2E_ACCOUNTS sets another count for a larger, opt-in run.</summary>
    public static readonly int Accounts = int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_RECONCILE_E2E_ACCOUNTS"), out var accounts) ? accounts : 120;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(
        CrmSourceSystem.Pipedrive(Source, "crmsync", "pipedrive-webhook-password").Concat(PipedriveUser.SimulatorAuth))
    {
        ["Simulator__Accounts"] = $"{Accounts}",
        ["Simulator__Contacts"] = "10",
    };
}

/// <summary>crmsync reconcile against the real processes: each kind of difference made behind CrmSync's back is reported exactly, and --repair clears them.</summary>
public sealed class ReconcileTests : IClassFixture<ReconcileSystem>
{
    private const string Source = ReconcileSystem.Source;
    private static readonly object NoWebhook = new { username = "crmsync", password = "pipedrive-webhook-password" };
    private readonly ReconcileSystem system;
    private readonly ITestOutputHelper output;

    public ReconcileTests(ReconcileSystem system, ITestOutputHelper output)
    {
        this.system = system;
        this.output = output;
        system.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => system.System.Dataverse;

    [Fact]
    public async Task MissingOrphanedStaleAndDriftedRowsAreEachReportedAndRepairLeavesASecondReconcileEmpty()
    {
        using (var sync = new SyncClient(system.System.GatewayUrl))
        {
            await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        }

        await Eventually.MatchesAsync(
            async () => (await Dataverse.RowsAsync(EmulatorClient.Accounts, "msdyn_source_crm eq 192350003", "accountid")).Count,
            rows => rows == ReconcileSystem.Accounts,
            $"{ReconcileSystem.Accounts} account rows",
            TimeSpan.FromMinutes(2));
        var (clean, cleanExit) = await ReconcileAsync();
        Assert.Equal((0, 0, 0, 0, 0), (cleanExit, clean.Missing.Count, clean.Orphaned.Count, clean.Stale.Count, clean.Drifted.Count));

        await Dataverse.DeleteRowAsync(EmulatorClient.Accounts, await RowIdAsync("10"));
        await system.Crm.EditAsync("pipedrive", Source, send: false, NoWebhook, new { entity = "account", id = "A0000020", action = "delete" });
        await system.Crm.EditAsync("pipedrive", Source, send: false, NoWebhook, new { entity = "account", id = "A0000030", action = "change", fields = new { name = "Renamed in the CRM" } });
        await Dataverse.EditRowAsync(EmulatorClient.Accounts, await RowIdAsync("40"), new { name = "Renamed in Dataverse" });

        var (found, foundExit) = await ReconcileAsync();
        Assert.Equal(ExitCodes.Differences, foundExit);
        Assert.Equal("missing 10; orphaned 20; stale 30; drifted 40", found.Lists);

        var (repaired, repairExit) = await ReconcileAsync("--repair");
        Assert.Equal(ExitCodes.Ok, repairExit);
        Assert.Equal(("missing 10; orphaned 20; stale 30; drifted 40", 4L, 0L), (repaired.Lists, repaired.Repaired, repaired.Unsettled));

        var (after, afterExit) = await ReconcileAsync();
        Assert.Equal((0, 0, 0, 0, 0), (afterExit, after.Missing.Count, after.Orphaned.Count, after.Stale.Count, after.Drifted.Count));
        Assert.Null(await Dataverse.RowAsync(EmulatorClient.Accounts, "20"));
        Assert.Equal("Renamed in the CRM", (string?)(await Dataverse.RowAsync(EmulatorClient.Accounts, "30"))!["name"]);
        Assert.NotEqual("Renamed in Dataverse", (string?)(await Dataverse.RowAsync(EmulatorClient.Accounts, "40"))!["name"]);
        Assert.NotNull(await Dataverse.RowAsync(EmulatorClient.Accounts, "10"));
    }

    [Theory]
    [InlineData("pd", "order", HttpStatusCode.BadRequest)]
    [InlineData("nosuchsource", "account", HttpStatusCode.NotFound)]
    public async Task AReconcileOfAnUnknownEntityOrSourceIsRefusedWithAProblem(string source, string entity, HttpStatusCode status)
    {
        using var http = new HttpClient { BaseAddress = system.System.GatewayUrl };
        using var response = await http.PostAsync($"admin/reconcile/{source}/{entity}", null);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonObject>())?["detail"]?.GetValue<string>()));
    }

    private async Task<Guid> RowIdAsync(string sourceId) =>
        (Guid)(await Dataverse.RowAsync(EmulatorClient.Accounts, sourceId))!["accountid"]!;

    /// <summary>Runs crmsync reconcile in-process against the gateway and reads the report it wrote.</summary>
    private async Task<(ReportFile Report, int Exit)> ReconcileAsync(params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reconcile-{Guid.NewGuid():N}.json");
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await CrmSyncCli.RunAsync(
                ["reconcile", Source, "account", "--out", path, "--gateway", system.System.GatewayUrl.ToString(), .. options],
                stdout, stderr, new CliSettings { PollInterval = TimeSpan.FromMilliseconds(100), ProgressLineInterval = TimeSpan.Zero });
            output.WriteLine($"crmsync reconcile {string.Join(' ', options)} exited {exit}:\n{stdout}{stderr}");
            Assert.True(exit is ExitCodes.Ok or ExitCodes.Differences, stderr.ToString());
            return (JsonSerializer.Deserialize<ReportFile>(await File.ReadAllTextAsync(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!, exit);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record ReportFile(
        List<string> Missing, List<string> Orphaned, List<string> Stale, List<string> Drifted, long Repaired, long Unsettled, long PeakManagedBytes, double ElapsedSeconds)
    {
        public string Lists => $"missing {string.Join(',', Missing)}; orphaned {string.Join(',', Orphaned)}; stale {string.Join(',', Stale)}; drifted {string.Join(',', Drifted)}";
    }
}
