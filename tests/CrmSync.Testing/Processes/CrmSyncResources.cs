using CrmSync.Hosting;

namespace CrmSync.Testing.Processes;

/// <summary>
/// The processes of DESIGN.md §2 for the end-to-end, fault and benchmark harnesses, configured with the settings
/// CrmSync.AppHost gives them through Aspire (its tests check that the two agree on the Orleans wiring): by default one
/// silo on SQLite; with <see cref="SystemOptions.Cluster"/>, redis-server and N silos on it. Each harness gets free
/// ports and a data directory of its own, and can kill and restart a single process mid-load.
/// </summary>
public static class CrmSyncResources
{
    public const string Dataverse = "dataverse";
    public const string Silo = "silo";
    public const string Gateway = "gateway";
    public const string Redis = "redis";

    public const string OrleansClusterId = "crmsync";
    public const string OrleansServiceId = "crmsync";

    public const string GenericSource = SourceSettings.GenericSource;

    public const int OtherSourceCrmValue = SourceSettings.OtherSourceCrmValue;

    public const string RedisInstallHint = "on Debian or Ubuntu: sudo apt-get install redis-server";

    /// <summary>
    /// Append-only file fsynced before Redis answers: an acknowledged webhook survives a crash of Redis and of the
    /// machine, as with SQLite's synchronous=FULL. Redis fsyncs once per event-loop turn for every write of that turn
    /// (group commit), so under load it costs far less than one fsync per write; everysec would lose up to a second of
    /// acknowledged changes on power loss (a killed redis-server loses nothing either way: it has written them to the
    /// file before answering). No RDB snapshots: the append-only file is the persistence.
    /// </summary>
    public static readonly IReadOnlyList<string> RedisPersistence = ["--appendonly", "yes", "--appendfsync", "always", "--save", ""];

    /// <summary>Silo <paramref name="index"/> (from 0) in cluster mode.</summary>
    public static string SiloName(int index) => $"{Silo}-{index + 1}";

    /// <summary>In start order: each depends on the ones before it.</summary>
    public static IReadOnlyList<IResource> Define(SystemOptions options, string webhookSecret)
    {
        var dataverseUrl = Loopback(options.DataversePort);
        var dataverse = new ProjectResource(Dataverse, ProjectPaths.DataverseEmulator, dataverseUrl)
        {
            Environment = new Dictionary<string, string>
            {
                ["Emulator__DatabasePath"] = Path.Combine(options.DataDirectory, "dataverse.db"),
            },
        };
        var dataverseConnection = $"Url={dataverseUrl}";
        var sources = SourceSettings.Generic();
        if (options.Demo)
        {
            // Silos read the demo CRM; the gateway checks its webhooks. Both see the whole source, as for any other.
            sources = new(sources.Concat(DemoSource.Settings(options)));
        }

        IResource[] crm = options.Demo ? [DemoSource.Resource(options)] : [];
        Dictionary<string, string> gatewaySettings = new(sources)
        {
            ["ConnectionStrings__dataverse"] = dataverseConnection,
            [$"CrmSync__Sources__{GenericSource}__Secret"] = webhookSecret,
        };
        if (options.Demo)
        {
            gatewaySettings[$"CrmSync__Sources__{DemoSource.Name}__Secret"] = webhookSecret;
        }

        if (!options.Cluster)
        {
            Dictionary<string, string> orleans = new()
            {
                ["Orleans__ClusterId"] = OrleansClusterId,
                ["Orleans__ServiceId"] = OrleansServiceId,
                ["Orleans__Endpoints__GatewayPort"] = $"{options.SiloGatewayPort}",
            };
            return
            [
                dataverse,
                .. crm,
                new ProjectResource(Silo, ProjectPaths.Silo, Loopback(options.SiloHttpPort))
                {
                    Environment = new Dictionary<string, string>(orleans.Concat(sources))
                    {
                        ["Orleans__Endpoints__SiloPort"] = $"{options.SiloPort}",
                        ["ConnectionStrings__dataverse"] = dataverseConnection,
                        ["ConnectionStrings__silostate"] = $"Data Source={Path.Combine(options.DataDirectory, "silo.db")}",
                    },
                    OtherPorts = [options.SiloPort, options.SiloGatewayPort],
                },
                new ProjectResource(Gateway, ProjectPaths.Gateway, Loopback(options.GatewayPort))
                {
                    Environment = new Dictionary<string, string>(orleans.Concat(gatewaySettings)),
                },
            ];
        }

        var redisConnection = $"127.0.0.1:{options.RedisPort}";
        var silos = Enumerable.Range(0, options.Silos).Select(index =>
        {
            var ports = options.PortsOfSilo(index);
            var orleans = OrleansWiring.Silo(Redis, redisConnection, OrleansClusterId, OrleansServiceId, $"{ports.Silo}", $"{ports.Gateway}");
            return new ProjectResource(SiloName(index), ProjectPaths.Silo, Loopback(ports.Http))
            {
                Environment = new Dictionary<string, string>(orleans.Concat(sources))
                {
                    // Every silo on this machine: advertised on loopback, where the others and the gateway reach it.
                    ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
                    ["ConnectionStrings__dataverse"] = dataverseConnection,
                },
                OtherPorts = [ports.Silo, ports.Gateway],
            };
        });
        var client = OrleansWiring.Client(Redis, redisConnection, OrleansClusterId, OrleansServiceId);

        return
        [
            RedisServer(options),
            dataverse,
            .. crm,
            .. silos,
            new ProjectResource(Gateway, ProjectPaths.Gateway, Loopback(options.GatewayPort))
            {
                Environment = new Dictionary<string, string>(client.Concat(gatewaySettings)),
            },
        ];
    }

    private static ExecutableResource RedisServer(SystemOptions options) => new(
        Redis,
        "redis-server",
        ["--port", $"{options.RedisPort}", "--bind", "127.0.0.1", "--dir", RedisDirectory(options), .. RedisPersistence],
        RedisDirectory(options),
        new Uri($"redis://127.0.0.1:{options.RedisPort}"),
        RedisInstallHint)
    {
        Ports = [options.RedisPort],
    };

    /// <summary>Where redis-server keeps its append-only file.</summary>
    public static string RedisDirectory(SystemOptions options) => Path.Combine(options.DataDirectory, Redis);

    private static string Loopback(int port) => $"http://127.0.0.1:{port}";
}
