using CrmSync.Testing.Processes;
using CrmSync.Bench.Cli;

namespace CrmSync.Bench.Harness;

/// <summary>
/// The CrmSync the load goes to: started by the harness the way the end-to-end tests start it (<see cref="CrmSyncSystem"/>:
/// the emulator, the silo and the gateway as processes of their own on free loopback ports), or a running one (<c>--target</c>).
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    /// <summary>The identity the harness reads Dataverse with, so its reads never spend the writer's limits.</summary>
    public const string ReaderUser = "crmsync-bench-reader";

    private readonly CrmSyncSystem? _started;

    private SystemUnderTest(Uri gateway, string secret, Uri dataverse, Uri? silo, CrmSyncSystem? started, string description, Uri? crm = null)
    {
        CrmUrl = crm;
        GatewayUrl = gateway;
        SourceSecret = secret;
        DataverseUrl = dataverse;
        SiloUrl = silo;
        _started = started;
        Description = description;
        Dataverse = new EmulatorClient(dataverse, ReaderUser);
    }

    public Uri GatewayUrl { get; }

    public string SourceSecret { get; }

    public Uri DataverseUrl { get; }

    /// <summary>The silo's HTTP endpoint (health, diagnostics), when known.</summary>
    public Uri? SiloUrl { get; }

    /// <summary>The CRM simulator, when the scenario started the system with it.</summary>
    public Uri? CrmUrl { get; }

    /// <summary>The emulator, read as <see cref="ReaderUser"/>.</summary>
    public EmulatorClient Dataverse { get; }

    public string Description { get; }

    /// <summary>
    /// The process id of each resource the harness started, now (a restarted resource has a new one); empty for a running
    /// system. With silos on Redis: silo-1, silo-2, … and redis instead of silo.
    /// </summary>
    public IReadOnlyDictionary<string, int> Processes =>
        _started is null
            ? new Dictionary<string, int>()
            : ResourceNames(_started.Options).ToDictionary(name => name, name => _started.ProcessId(name));

    /// <summary>The HTTP endpoint (health, diagnostics) of a silo the harness started, by its name in <see cref="Silos"/>.</summary>
    public Uri SiloUrlOf(string silo) =>
        _started is not null && Silos.ToList().IndexOf(silo) is var index and >= 0
            ? _started.SiloUrlOf(index)
            : throw new ArgumentException($"'{silo}' is not a silo the harness started ({string.Join(", ", Silos)}).", nameof(silo));

    /// <summary>The silos the harness started, by resource name, in start order; empty for a running system.</summary>
    public IReadOnlyList<string> Silos =>
        _started is null ? [] : [.. ResourceNames(_started.Options).Where(name => name.StartsWith(CrmSyncResources.Silo, StringComparison.Ordinal))];

    public static async Task<SystemUnderTest> StartAsync(IScenario scenario, bool quick, bool showOutput)
    {
        var settings = scenario.Settings(quick);
        var system = await CrmSyncSystem.StartAsync(
            settings, scenario.SilosOnRedis, moreResources: _ => scenario.MoreResources(), demo: scenario.WithCrm, crmSettings: scenario.WithCrm ? scenario.CrmSettings : null);
        if (showOutput)
        {
            system.ShowOutputIn(Console.Error.WriteLine);
        }

        return new SystemUnderTest(
            system.GatewayUrl, system.SourceSecret, system.DataverseUrl, system.SiloUrl, system,
            $"started by the harness ({Describe(settings)})", scenario.WithCrm ? system.CrmUrl : null);
    }

    /// <summary>The settings a scenario started the system with, secrets left out; a long list only by count.</summary>
    private static string Describe(IReadOnlyDictionary<string, string> settings) => settings.Count switch
    {
        0 => "default settings",
        <= 3 => string.Join(", ", settings.Select(setting => setting.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase) ? $"{setting.Key}=…" : $"{setting.Key}={setting.Value}")),
        _ => $"{settings.Count} settings of the scenario's own, see its parameters",
    };

    public static SystemUnderTest Running(BenchOptions options) => new(
        options.Target!, options.Secret!, options.Dataverse!, options.Silo, null, $"running system at {options.Target}");

    /// <summary>Stops a resource the harness started (SIGTERM, as a deployment does), starts it again and waits for its health.</summary>
    public Task RestartAsync(string resource) =>
        _started?.RestartAsync(resource)
        ?? throw new InvalidOperationException($"The harness restarts only resources it started; drive a running system without --target to restart its {resource}.");

    private static IEnumerable<string> ResourceNames(SystemOptions options) =>
        options.Cluster
            ? [CrmSyncResources.Gateway, .. Enumerable.Range(0, options.Silos).Select(CrmSyncResources.SiloName), CrmSyncResources.Dataverse, CrmSyncResources.Redis]
            : [CrmSyncResources.Gateway, CrmSyncResources.Silo, CrmSyncResources.Dataverse];

    /// <summary>The last lines of every started resource, for a failure message.</summary>
    public string RecentOutput() => _started?.RecentOutput() ?? "";

    public async ValueTask DisposeAsync()
    {
        Dataverse.Dispose();
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }
}
