namespace CrmSync.AppHost;

/// <summary>
/// The resources of DESIGN.md §2 and their wiring, as an Aspire AppHost's Program.cs would declare them.
/// End-to-end tests build the same resources with other ports and data directories.
/// </summary>
public static class CrmSyncResources
{
    public const string Dataverse = "dataverse";
    public const string Silo = "silo";
    public const string Gateway = "gateway";

    public const string OrleansClusterId = "crmsync";
    public const string OrleansServiceId = "crmsync";

    /// <summary>The webhook source configured by default.</summary>
    public const string GenericSource = "generic";

    /// <summary>The msdyn_source_crm option labelled Other in the emulator.</summary>
    public const int OtherSourceCrmValue = 192350004;

    /// <summary>In start order: each depends on the ones before it.</summary>
    public static IReadOnlyList<ProjectResource> Define(AppHostOptions options, string webhookSecret)
    {
        var dataverseUrl = Loopback(options.DataversePort);
        var dataverseConnection = $"Url={dataverseUrl}";
        Dictionary<string, string> orleans = new()
        {
            ["Orleans__ClusterId"] = OrleansClusterId,
            ["Orleans__ServiceId"] = OrleansServiceId,
            ["Orleans__Endpoints__GatewayPort"] = $"{options.SiloGatewayPort}",
        };
        Dictionary<string, string> genericSource = new()
        {
            [$"CrmSync__Sources__{GenericSource}__Kind"] = "Generic",
            [$"CrmSync__Sources__{GenericSource}__SourceCrmValue"] = $"{OtherSourceCrmValue}",
        };

        return
        [
            new ProjectResource(Dataverse, ProjectPaths.DataverseEmulator, dataverseUrl)
            {
                Environment = new Dictionary<string, string>
                {
                    ["Emulator__DatabasePath"] = Path.Combine(options.DataDirectory, "dataverse.db"),
                },
            },
            new ProjectResource(Silo, ProjectPaths.Silo, Loopback(options.SiloHttpPort))
            {
                Environment = new Dictionary<string, string>(orleans.Concat(genericSource))
                {
                    ["Orleans__Endpoints__SiloPort"] = $"{options.SiloPort}",
                    ["ConnectionStrings__dataverse"] = dataverseConnection,
                    ["ConnectionStrings__silostate"] = $"Data Source={Path.Combine(options.DataDirectory, "silo.db")}",
                },
                OtherPorts = [options.SiloPort, options.SiloGatewayPort],
            },
            new ProjectResource(Gateway, ProjectPaths.Gateway, Loopback(options.GatewayPort))
            {
                Environment = new Dictionary<string, string>(orleans.Concat(genericSource))
                {
                    ["ConnectionStrings__dataverse"] = dataverseConnection,
                    [$"CrmSync__Sources__{GenericSource}__Secret"] = webhookSecret,
                },
            },
        ];
    }

    private static string Loopback(int port) => $"http://127.0.0.1:{port}";
}
