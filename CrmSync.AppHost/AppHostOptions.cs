namespace CrmSync.AppHost;

/// <summary>
/// The AppHost's settings, section <c>CrmSync</c> of its configuration: the command line (<c>--cluster</c>,
/// <c>--silos 3</c>, <c>--demo</c>, or any <c>CrmSync:Key=value</c>), <c>CrmSync__Key</c> environment variables,
/// appsettings.json or user secrets.
/// </summary>
public sealed class AppHostOptions
{
    /// <summary>Silos on Redis (clustering, grain state, reminders) as in the cloud, instead of one silo on SQLite.</summary>
    public bool Cluster { get; set; }

    public int Silos { get; set; } = 1;

    /// <summary>Also run the CRM simulator, a second Dataverse emulator as a Dynamics 365 organisation, and demo sources that read them.</summary>
    public bool Demo { get; set; }

    public int DemoAccounts { get; set; } = 1000;

    public int GatewayPort { get; set; } = 5080;

    public int DataversePort { get; set; } = 5090;

    public int CrmPort { get; set; } = 5095;

    /// <summary>The <c>--demo</c> Dynamics 365 organisation (a second Dataverse emulator).</summary>
    public int Dynamics365Port { get; set; } = 5096;

    /// <summary>The one silo's port for Orleans clients outside cluster mode, where the gateway is told it directly.</summary>
    public int SiloGatewayPort { get; set; } = 30000;

    /// <summary>redis-server's port in cluster mode; unset, Aspire picks a free one.</summary>
    public int? RedisPort { get; set; }

    /// <summary>SQLite files, Redis's append-only file and the development webhook secret: <c>.crmsync/</c> at the repository root.</summary>
    public string DataDirectory { get; set; } = "";

    public static AppHostOptions From(IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("CrmSync").Get<AppHostOptions>() ?? new AppHostOptions();
        if (options.Silos < 1 || (options.Silos > 1 && !options.Cluster))
        {
            throw new ArgumentException(options.Silos < 1
                ? $"--silos must be 1 or more, not {options.Silos}."
                : $"{options.Silos} silos need --cluster: silos share their state through Redis.");
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory is { Length: > 0 } directory
            ? directory
            : Path.Combine(builder.AppHostDirectory, "..", ".crmsync"));
        return options;
    }
}
