namespace CrmSync.Testing;

/// <summary>
/// The Dataverse emulator, the silo and the gateway, run by Aspire (<see cref="AspireResources"/>) with the settings the
/// AppHost gives them, but on free loopback ports with a data directory of their own, so that tests collide neither with
/// a running AppHost nor with each other. Tests send webhooks through <see cref="Webhooks"/> and read Dataverse through
/// <see cref="Dataverse"/>; fault tests kill, stop and restart single resources.
/// </summary>
public sealed class CrmSyncSystem : IAsyncDisposable
{
    /// <summary>Set for every resource: a pending write resumes within two seconds of a restart.</summary>
    private static readonly Dictionary<string, string> CommonSettings = new()
    {
        ["CrmSync__Records__ResumePeriod"] = "00:00:02",
    };

    /// <summary>Settings a developer may have exported for their own AppHost; the system under test must not see them.</summary>
    private static readonly string[] DevelopersSettings = ["CrmSync__", "ConnectionStrings__", "Orleans__", "Emulator__", "services__"];

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _data;
    private readonly TestOutputLog _log;
    private AspireResources? _resources;

    private CrmSyncSystem(SystemOptions options, string webhookSecret, TempDirectory data, TestOutputLog log)
    {
        Options = options;
        SourceSecret = webhookSecret;
        _data = data;
        _log = log;
        GatewayUrl = new Uri($"http://127.0.0.1:{options.GatewayPort}");
        CrmUrl = new Uri($"http://127.0.0.1:{options.CrmSimulatorPort}");
        DataverseUrl = new Uri($"http://127.0.0.1:{options.DataversePort}");
        SiloUrl = new Uri($"http://127.0.0.1:{options.PortsOfSilo(0).Http}");
        Webhooks = new WebhookSender(GatewayUrl, webhookSecret);
        Dataverse = new EmulatorClient(DataverseUrl);
    }

    public SystemOptions Options { get; }

    public Uri GatewayUrl { get; }

    /// <summary>The CRM simulator's root, when started with <c>demo</c>.</summary>
    public Uri CrmUrl { get; }

    /// <summary>The generic source's webhook secret (<c>whsec_…</c>), for senders that sign requests themselves.</summary>
    public string SourceSecret { get; }

    /// <summary>The emulator's root; its Web API is under <c>api/data/v9.2/</c>.</summary>
    public Uri DataverseUrl { get; }

    /// <summary>The (first) silo's HTTP endpoint: health and <c>/diagnostics</c> (read it with <see cref="SiloClient"/>).</summary>
    public Uri SiloUrl { get; }

    /// <summary>Silo <paramref name="index"/>'s (from 0) HTTP endpoint.</summary>
    public Uri SiloUrlOf(int index) => new($"http://127.0.0.1:{Options.PortsOfSilo(index).Http}");

    public WebhookSender Webhooks { get; }

    public EmulatorClient Dataverse { get; }

    /// <summary>
    /// Starts the AppHost's resources, each healthy before the next. <paramref name="settings"/> are environment variables
    /// given to every resource, as a developer would set them for the AppHost (e.g. <c>CrmSync__Webhooks__AcceptTimeout</c>).
    /// With <paramref name="silosOnRedis"/>, that many silos on a redis-server of their own, as <c>--cluster</c> starts them.
    /// <paramref name="moreResources"/> adds resources made from the AppHost's own (e.g. a second gateway), started last.
    /// With <paramref name="demo"/>, the CRM simulator and the REST source <c>demo</c> that reads it, as <c>--demo</c>
    /// starts them (<c>Simulator__*</c> settings size its data set). <paramref name="crmSettings"/> adds settings that name
    /// the simulator's URL, known only once its port is chosen (e.g. a Salesforce source's InstanceUrl).
    /// </summary>
    public static async Task<CrmSyncSystem> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null,
        int silosOnRedis = 0,
        Func<IReadOnlyList<IResource>, IEnumerable<IResource>>? moreResources = null,
        bool demo = false,
        Func<Uri, IReadOnlyDictionary<string, string>>? crmSettings = null)
    {
        var ports = Ports.Free(7 + 3 * silosOnRedis);
        var data = new TempDirectory("crmsync-system-");
        var options = new SystemOptions
        {
            DataDirectory = data.Path,
            GatewayPort = ports[0],
            DataversePort = ports[1],
            SiloHttpPort = ports[2],
            SiloPort = ports[3],
            SiloGatewayPort = ports[4],
            RedisPort = ports[5],
            Cluster = silosOnRedis > 0,
            Silos = Math.Max(silosOnRedis, 1),
            SiloPortOverrides = [.. Enumerable.Range(0, silosOnRedis).Select(i => new SiloPorts(ports[7 + 3 * i], ports[8 + 3 * i], ports[9 + 3 * i]))],
            Demo = demo,
            CrmSimulatorPort = ports[6],
        };
        var secret = WebhookSecret.Generate();
        var defined = CrmSyncResources.Define(options, secret);
        IReadOnlyList<IResource> resources = [.. defined, .. moreResources?.Invoke(defined) ?? []];
        var system = new CrmSyncSystem(options, secret, data, new TestOutputLog());
        try
        {
            foreach (var resource in resources)
            {
                resource.EnsureBuilt();
            }

            var all = settings ?? new Dictionary<string, string>();
            if (crmSettings is not null)
            {
                all = all.Concat(crmSettings(system.CrmUrl)).ToDictionary();
            }

            system._resources = await AspireResources.StartAsync(resources.ToSpecs(options.EnvironmentName, EnvironmentWith(all)), system._log.Write, HealthTimeout);
            return system;
        }
        catch (Exception e)
        {
            var output = system.RecentOutput();
            await system.DisposeAsync();
            throw new InvalidOperationException($"CrmSync did not start: {e.Message}{Environment.NewLine}{output}", e);
        }
    }

    /// <summary>Shows the resources' output in this test's output from now on.</summary>
    public void ShowOutputIn(ITestOutputHelper output) => _log.ShowIn(output);

    /// <summary>Shows the resources' output through <paramref name="writeLine"/> from now on (e.g. a benchmark's console), or nowhere when null.</summary>
    public void ShowOutputIn(Action<string>? writeLine) => _log.ShowIn(writeLine);

    /// <summary>The id of the resource's process now (a restarted resource has a new one).</summary>
    public int ProcessId(string name) => Resources.ProcessId(name);

    /// <summary>SIGKILL: the resource dies at once, as in a crash.</summary>
    public Task KillAsync(string name) => Resources.KillAsync(name);

    /// <summary>SIGTERM, and the resource shuts down gracefully.</summary>
    public Task StopAsync(string name) => Resources.StopAsync(name);

    /// <summary>Starts the resource again on the same ports and data directory (stopping it first if it runs) and waits for its health.</summary>
    public async Task RestartAsync(string name)
    {
        try
        {
            await Resources.RestartAsync(name, HealthTimeout);
        }
        catch (ResourceFailedException e)
        {
            throw new InvalidOperationException($"Resource '{name}' did not restart: {e.Message}{Environment.NewLine}{RecentOutput()}", e);
        }
    }

    private AspireResources Resources => _resources ?? throw new InvalidOperationException("CrmSync has not started.");

    /// <summary>Restarts, in start order, every resource that has exited: a fault test that failed half-way leaves nothing broken for the next.</summary>
    public async Task EnsureRunningAsync()
    {
        foreach (var name in Resources.Names.Where(Resources.HasExited).ToList())
        {
            await RestartAsync(name);
        }
    }

    /// <summary>The last lines of every resource, for failure messages.</summary>
    public string RecentOutput() => string.Join(
        Environment.NewLine,
        _resources?.Names.Select(name =>
            $"Last output of {name}:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", _resources.RecentOutput(name))}") ?? []);

    public async ValueTask DisposeAsync()
    {
        if (_resources is not null)
        {
            await _resources.DisposeAsync();
        }

        Webhooks.Dispose();
        Dataverse.Dispose();
        _data.Dispose();
    }

    /// <summary>
    /// This process's environment without the developer's own CrmSync settings, then the common and the given settings.
    /// The developer's settings also leave this process's own environment: Aspire's orchestrator passes that on to every
    /// process it starts, under whatever the resource sets. The tests read none of them.
    /// </summary>
    private static Dictionary<string, string> EnvironmentWith(IReadOnlyDictionary<string, string>? settings)
    {
        foreach (var name in EnvironmentVariables.Current().Keys.Where(name => DevelopersSettings.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))))
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        var environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in EnvironmentVariables.Current().Concat(CommonSettings).Concat(settings ?? new Dictionary<string, string>()))
        {
            environment[name] = value;
        }

        return environment;
    }
}
