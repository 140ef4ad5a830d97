using System.Text.Json;
using CrmSync.Cli;

namespace CrmSync.EndToEnd.Tests.Reconcile;

public sealed class DryRunSystem : CrmSourceSystem
{
    public const string Source = "pd";
    public const int Accounts = 60;
    public const int Contacts = 12;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(
        CrmSourceSystem.Pipedrive(Source, "crmsync", "pipedrive-webhook-password").Concat(PipedriveUser.SimulatorAuth))
    {
        ["Simulator__Accounts"] = $"{Accounts}",
        ["Simulator__Contacts"] = $"{Contacts}",
    };
}

/// <summary>crmsync sync start --dry-run against the real processes: it predicts exactly what the real run then writes, and writes nothing itself.</summary>
public sealed class DryRunTests : IClassFixture<DryRunSystem>
{
    private const string Source = DryRunSystem.Source;
    private const string Filter = "msdyn_source_crm eq 192350003";
    private static readonly object NoWebhook = new { username = "crmsync", password = "pipedrive-webhook-password" };
    private readonly DryRunSystem system;
    private readonly ITestOutputHelper output;

    public DryRunTests(DryRunSystem system, ITestOutputHelper output)
    {
        this.system = system;
        this.output = output;
        system.System.ShowOutputIn(output);
    }

    private EmulatorClient Dataverse => system.System.Dataverse;

    [Fact]
    public async Task ADryRunPredictsTheCreatesAndColumnUpdatesTheRealRunMakesAndChangesNoRowsVersion()
    {
        using var sync = new SyncClient(system.System.GatewayUrl);
        await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        await Eventually.MatchesAsync(async () => (await Versions(EmulatorClient.Accounts)).Count, rows => rows == DryRunSystem.Accounts, "every account row", TimeSpan.FromMinutes(2));
        await Dataverse.WaitUntilWritesSettleAsync();
        await system.Crm.EditAsync("pipedrive", Source, send: false, NoWebhook,
            new { entity = "account", id = "A0000005", action = "change", fields = new { name = "Five renamed" } },
            new { entity = "account", id = "A0000006", action = "change", fields = new { name = "Six renamed" } });
        var before = await Versions(EmulatorClient.Accounts);
        var writtenBefore = (await Dataverse.StatsAsync()).RecordsWritten;

        var accounts = await DryRunAsync("account");
        var contacts = await DryRunAsync("contact");

        Assert.Equal(before, await Versions(EmulatorClient.Accounts));
        Assert.Empty(await Versions(EmulatorClient.Contacts));
        Assert.Equal(writtenBefore, (await Dataverse.StatsAsync()).RecordsWritten);
        Assert.Empty(accounts.Creates);
        Assert.Equal(["5", "6"], accounts.Updates.Select(u => u.SourceId));
        Assert.All(accounts.Updates, u => Assert.Equal(["name"], u.Columns.Select(c => c.Column)));
        Assert.Equal(DryRunSystem.Contacts, contacts.Creates.Count);
        Assert.Empty(contacts.Updates);

        await sync.WaitForStateAsync((await sync.StartAsync(Source, "account")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        await sync.WaitForStateAsync((await sync.StartAsync(Source, "contact")).Id, CrmSync.Cli.Gateway.SyncJobState.Completed, TimeSpan.FromMinutes(3));
        await Eventually.MatchesAsync(async () => (await Versions(EmulatorClient.Contacts)).Count, rows => rows == DryRunSystem.Contacts, "every contact row", TimeSpan.FromMinutes(2));
        await Dataverse.WaitUntilWritesSettleAsync();

        var after = await Versions(EmulatorClient.Accounts);
        Assert.Equal(["5", "6"], after.Where(row => before[row.Key] != row.Value).Select(row => row.Key).Order(StringComparer.Ordinal));
        foreach (var update in accounts.Updates)
        {
            var row = (await Dataverse.RowAsync(EmulatorClient.Accounts, update.SourceId))!;
            Assert.Equal(update.Columns.Single().New, JsonSerializer.Serialize((string?)row["name"]));
        }

        Assert.Equal(contacts.Creates.Order(StringComparer.Ordinal), (await Versions(EmulatorClient.Contacts)).Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Each row's versionnumber by source id.</summary>
    private async Task<Dictionary<string, long>> Versions(string entitySet) =>
        (await Dataverse.RowsAsync(entitySet, Filter, "msdyn_source_crm_id,versionnumber"))
            .ToDictionary(row => (string)row["msdyn_source_crm_id"]!, row => (long)row["versionnumber"]!);

    private async Task<Plan> DryRunAsync(string entity)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dry-run-{Guid.NewGuid():N}.json");
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await CrmSyncCli.RunAsync(
                ["sync", "start", Source, entity, "--dry-run", "--out", path, "--gateway", system.System.GatewayUrl.ToString()],
                stdout, stderr, new CliSettings { PollInterval = TimeSpan.FromMilliseconds(100), ProgressLineInterval = TimeSpan.Zero });
            output.WriteLine($"crmsync sync start {entity} --dry-run exited {exit}:\n{stdout}{stderr}");
            Assert.Equal(ExitCodes.Ok, exit);
            return JsonSerializer.Deserialize<Plan>(await File.ReadAllTextAsync(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Plan(List<string> Creates, List<Update> Updates, List<string> Deletes);

    private sealed record Update(string SourceId, List<ColumnChange> Columns);

    private sealed record ColumnChange(string Column, string Old, string New);
}
