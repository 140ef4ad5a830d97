using CrmSync.CrmSimulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.Cli.Tests.Support;

/// <summary>
/// The real emulator, silo and gateway, with an admin API key on the gateway, started once for every test in
/// <see cref="CliSystemCollection"/>; <see cref="RunAsync"/> runs crmsync against them. Beside the generic webhook
/// source there are REST sources to sync: <see cref="Crm"/> reads a CRM simulator (accounts quickly, contacts
/// slowly enough to cancel; its accounts are polled every second), <see cref="Broken"/> a path where the simulator answers 404, which fails a job at once.
/// </summary>
public sealed class CliSystem : CrmSyncSystemFixture
{
    public const string AdminApiKey = "cli-admin-key-7b2d94";
    public const string Crm = "crm";
    public const string Broken = "broken";
    public const int Accounts = 240;
    public const int Contacts = 4000;

    private WebApplication? _simulator;

    public string Gateway => System.GatewayUrl.ToString().TrimEnd('/');

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
    [
        new("CrmSync__AdminApiKey", AdminApiKey),
        // A failing source fails its job in a second rather than after minutes of back-off.
        new("CrmSync__Sync__MaxAttempts", "2"),
        new("CrmSync__Sync__FirstRetryDelay", "00:00:00.200"),
        .. RestSource(Crm, new Uri(SimulatorApi, "offset")),
        // The crm source polls its accounts (not its contacts) for `crmsync poll status`.
        new($"CrmSync__Sources__{Crm}__Entities__account__UpdatedSince", "updated_since"),
        new($"CrmSync__Sources__{Crm}__Poll__Interval", "00:00:01"),
        .. RestSource(Broken, new Uri(SimulatorApi, "nosuchstyle")),
    ]);

    private Uri SimulatorApi => new((_simulator ?? throw new InvalidOperationException("The CRM simulator has not been started.")).GetSimulatorAddress(), "api/");

    public override async Task InitializeAsync()
    {
        _simulator = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = $"{Accounts}",
            ["Simulator:Contacts"] = $"{Contacts}",
            ["Simulator:PageDelayMs"] = "25",
        });
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    /// <summary>crmsync with <c>--gateway</c> and <c>--api-key</c> for this system, then <paramref name="args"/>.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CliRunner.Settings(), args, CancellationToken.None);

    public Task<CliResult> RunAsync(CliSettings settings, string[] args, CancellationToken cancellation) =>
        CliRunner.RunAsync(settings, [.. args, "--gateway", Gateway, "--api-key", AdminApiKey], cancellation);

    /// <summary>Sends the changes as the generic source's webhook; fails unless the gateway stored them.</summary>
    public async Task SendAsync(params GenericChange[] changes)
    {
        var response = await System.Webhooks.SendAsync(changes);
        Assert.True(response.IsSuccess, $"The webhook was answered {response}");
    }

    /// <summary>Runs <c>crmsync records show</c> until the record is in <paramref name="status"/>; returns that run.</summary>
    public Task<CliResult> WaitUntilShownAsync(string id, string status) =>
        Eventually.MatchesAsync(
            () => RunAsync("records", "show", WebhookSender.Source, "account", id),
            result => result.ExitCode == 0 && FirstLine(result.Output).EndsWith($"  {status}", StringComparison.Ordinal),
            $"crmsync records show to show {id} {status}");

    public static string FirstLine(string text) => text.Split(Environment.NewLine)[0];

    /// <summary>
    /// A REST source in the simulator's offset style: accounts in pages of 60, contacts in pages of 10 (so that a
    /// test can cancel them half-way).
    /// </summary>
    private static Dictionary<string, string> RestSource(string name, Uri baseUrl)
    {
        var prefix = $"CrmSync__Sources__{name}__";
        var settings = new Dictionary<string, string>
        {
            [prefix + "Kind"] = "Rest",
            [prefix + "Secret"] = WebhookSecret.Generate(),
            [prefix + "SourceCrmValue"] = $"{CrmSyncResources.OtherSourceCrmValue}",
            [prefix + "BaseUrl"] = baseUrl.ToString(),
        };
        foreach (var (entity, path, pageSize, fields) in new[]
        {
            ("account", "accounts", 60, new Dictionary<string, string> { ["name"] = "name", ["telephone1"] = "telephone" }),
            ("contact", "contacts", 10, new Dictionary<string, string> { ["firstname"] = "firstName", ["lastname"] = "lastName" }),
        })
        {
            var entityPrefix = $"{prefix}Entities__{entity}__";
            settings[entityPrefix + "Path"] = path;
            settings[entityPrefix + "Records"] = "items";
            settings[entityPrefix + "Paging__Style"] = "Offset";
            settings[entityPrefix + "Paging__PageSize"] = $"{pageSize}";
            settings[entityPrefix + "Paging__PageSizeParam"] = "limit";
            settings[entityPrefix + "Paging__OffsetParam"] = "offset";
            settings[entityPrefix + "Paging__TotalPath"] = "total";
            settings[entityPrefix + "Id"] = "id";
            settings[entityPrefix + "Version"] = "version";
            settings[entityPrefix + "Url"] = "url";
            foreach (var (column, field) in fields)
            {
                settings[$"{entityPrefix}Fields__{column}"] = field;
            }
        }

        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class CliSystemCollection : ICollectionFixture<CliSystem>
{
    public const string Name = "crmsync against the real system";
}
