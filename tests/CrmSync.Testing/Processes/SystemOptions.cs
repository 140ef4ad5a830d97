namespace CrmSync.Testing.Processes;

/// <summary>Where the system under test keeps its data, which loopback ports its processes listen on, and how many silos run.</summary>
public sealed record SystemOptions
{
    public const string DefaultEnvironmentName = "Development";

    /// <summary>SQLite files, Redis's files and the development webhook secret; <c>.crmsync/</c> at the repository root by default (git-ignored).</summary>
    public string DataDirectory { get; init; } = Path.Combine(ProjectPaths.RepositoryRoot, ".crmsync");

    /// <summary>DOTNET_ENVIRONMENT and ASPNETCORE_ENVIRONMENT of every resource.</summary>
    public string EnvironmentName { get; init; } = DefaultEnvironmentName;

    public int DataversePort { get; init; } = 5090;

    public int GatewayPort { get; init; } = 5080;

    /// <summary>The (first) silo's health endpoints.</summary>
    public int SiloHttpPort { get; init; } = 5081;

    /// <summary>Orleans' silo-to-silo port of the (first) silo.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Orleans' port for clients (the gateway) of the (first) silo.</summary>
    public int SiloGatewayPort { get; init; } = 30000;

    /// <summary>Silos on Redis (clustering, grain state, reminders), as in the cloud, instead of one silo on SQLite.</summary>
    public bool Cluster { get; init; }

    /// <summary>How many silos run in <see cref="Cluster"/> mode.</summary>
    public int Silos { get; init; } = 1;

    /// <summary>The port of the redis-server that cluster mode starts.</summary>
    public int RedisPort { get; init; } = 6379;

    /// <summary>Also start the CRM simulator and configure the <c>demo</c> REST source that reads it (<c>--demo</c>).</summary>
    public bool Demo { get; init; }

    /// <summary>How many accounts the demo CRM holds; it holds twice as many contacts.</summary>
    public int DemoAccounts { get; init; } = 1000;

    /// <summary>The HTTP port of the CRM simulator that <c>--demo</c> starts.</summary>
    public int CrmSimulatorPort { get; init; } = 5095;

    /// <summary>Ports of silos to use instead of the derived ones (tests that need free ports); silo i without one gets <see cref="PortsOfSilo"/>'s default.</summary>
    public IReadOnlyList<SiloPorts> SiloPortOverrides { get; init; } = [];

    /// <summary>The ports of silo <paramref name="index"/> (from 0): the first silo's ports plus the index.</summary>
    public SiloPorts PortsOfSilo(int index) =>
        index < SiloPortOverrides.Count
            ? SiloPortOverrides[index]
            : new SiloPorts(SiloHttpPort + index, SiloPort + index, SiloGatewayPort + index);
}

/// <param name="Http">Health endpoints.</param>
/// <param name="Silo">Orleans' silo-to-silo port.</param>
/// <param name="Gateway">Orleans' port for clients.</param>
public sealed record SiloPorts(int Http, int Silo, int Gateway);
