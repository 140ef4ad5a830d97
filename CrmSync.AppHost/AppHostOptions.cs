namespace CrmSync.AppHost;

/// <summary>Where the AppHost keeps its data and which loopback ports the resources listen on.</summary>
public sealed record AppHostOptions
{
    public const string DefaultEnvironmentName = "Development";

    /// <summary>SQLite files and the development webhook secret; <c>.crmsync/</c> at the repository root by default (git-ignored).</summary>
    public string DataDirectory { get; init; } = Path.Combine(ProjectPaths.RepositoryRoot, ".crmsync");

    /// <summary>DOTNET_ENVIRONMENT and ASPNETCORE_ENVIRONMENT of every resource.</summary>
    public string EnvironmentName { get; init; } = DefaultEnvironmentName;

    public int DataversePort { get; init; } = 5090;

    public int GatewayPort { get; init; } = 5080;

    /// <summary>The silo's health endpoints.</summary>
    public int SiloHttpPort { get; init; } = 5081;

    /// <summary>Orleans' silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Orleans' port for clients (the gateway).</summary>
    public int SiloGatewayPort { get; init; } = 30000;

    /// <summary>How long each resource may take to answer <c>GET /health</c> with 200.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
