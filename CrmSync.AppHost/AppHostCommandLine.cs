using System.Globalization;

namespace CrmSync.AppHost;

/// <summary>
/// Parses the AppHost's options. Each option may also come from an environment variable; the command line wins.
/// A new option is one more row in <see cref="Options"/>.
/// </summary>
public static class AppHostCommandLine
{
    private static readonly CommandLineOption[] Options =
    [
        new("--data-dir", "<path>", "CRMSYNC_DATA_DIR", "SQLite files, Redis's append-only file and the development webhook secret. Default: .crmsync/ at the repository root.",
            (options, value, _) => options with { DataDirectory = Path.GetFullPath(value) }),
        new("--environment", "<name>", "DOTNET_ENVIRONMENT", $"Environment name of every resource. Default: the AppHost's own (ASPNETCORE_ENVIRONMENT counts too), else {AppHostOptions.DefaultEnvironmentName}.",
            (options, value, _) => options with { EnvironmentName = value }),
        new("--dataverse-port", "<port>", "CRMSYNC_DATAVERSE_PORT", "HTTP port of the Dataverse emulator. Default: 5090.",
            (options, value, source) => options with { DataversePort = Port(value, source) }),
        new("--silo-http-port", "<port>", "CRMSYNC_SILO_HTTP_PORT", "HTTP port of the silo's health endpoints. Default: 5081.",
            (options, value, source) => options with { SiloHttpPort = Port(value, source) }),
        new("--silo-port", "<port>", "CRMSYNC_SILO_PORT", "Orleans silo-to-silo port. Default: 11111.",
            (options, value, source) => options with { SiloPort = Port(value, source) }),
        new("--silo-gateway-port", "<port>", "CRMSYNC_SILO_GATEWAY_PORT", "Orleans port for clients. Default: 30000.",
            (options, value, source) => options with { SiloGatewayPort = Port(value, source) }),
        new("--gateway-port", "<port>", "CRMSYNC_GATEWAY_PORT", "HTTP port of the webhook gateway. Default: 5080.",
            (options, value, source) => options with { GatewayPort = Port(value, source) }),
        new("--health-timeout", "<seconds>", "CRMSYNC_HEALTH_TIMEOUT", "How long each resource may take to answer GET /health with 200. Default: 60.",
            (options, value, source) => options with { HealthTimeout = TimeSpan.FromSeconds(Positive(value, source)) }),
        new("--cluster", null, "CRMSYNC_CLUSTER", "Silos on Redis (clustering, grain state, reminders) as in the cloud; starts redis-server from PATH.",
            (options, value, source) => options with { Cluster = Flag(value, source) }),
        new("--silos", "<count>", "CRMSYNC_SILOS", "How many silos --cluster starts, each on the ports after the previous one's. Default: 1.",
            (options, value, source) => options with { Silos = Positive(value, source) }),
        new("--redis-port", "<port>", "CRMSYNC_REDIS_PORT", "Port of the redis-server --cluster starts. Default: 6379.",
            (options, value, source) => options with { RedisPort = Port(value, source) }),
        new("--restart-on-failure", null, "CRMSYNC_RESTART_ON_FAILURE", "Start a resource that exits on its own again, with a back-off. Default: on with --cluster (--restart-on-failure=false turns it off).",
            (options, value, source) => options with { RestartOnFailure = Flag(value, source) }),
        new("--demo", null, "CRMSYNC_DEMO", "Also start a simulated REST CRM and the source 'demo' that reads it; then: crmsync sync start demo account.",
            (options, value, source) => options with { Demo = Flag(value, source) }),
        new("--demo-accounts", "<count>", "CRMSYNC_DEMO_ACCOUNTS", "How many accounts the demo CRM holds (and twice as many contacts). Default: 1000.",
            (options, value, source) => options with { DemoAccounts = Positive(value, source) }),
        new("--crm-port", "<port>", "CRMSYNC_CRM_PORT", "HTTP port of the CRM simulator --demo starts. Default: 5095.",
            (options, value, source) => options with { CrmSimulatorPort = Port(value, source) }),
        new("--publisher", "manifest", "CRMSYNC_PUBLISHER", "Write the Aspire manifest of the cloud deployment instead of running.",
            (options, value, source) => value == "manifest"
                ? options with { Publish = true }
                : throw new CommandLineException($"{source} knows only the publisher 'manifest', not '{value}'.")),
        new("--output-path", "<path>", "CRMSYNC_OUTPUT_PATH", "Where --publisher manifest writes. Default: aspire-manifest.json.",
            (options, value, _) => options with { ManifestPath = Path.GetFullPath(value) }),
    ];

    private static readonly string[] HelpNames = ["-h", "--help", "-?"];

    public static string Usage { get; } = BuildUsage();

    public static AppHostCommand Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            var options = FromEnvironment(environment);
            for (var i = 0; i < args.Count; i++)
            {
                if (HelpNames.Contains(args[i]))
                {
                    return new AppHostCommand(AppHostAction.ShowHelp, options);
                }

                var (name, inlineValue) = Split(args[i]);
                var option = Options.FirstOrDefault(option => option.Name == name)
                    ?? throw new CommandLineException(name.StartsWith('-') ? $"Unknown option '{name}'." : $"Unexpected argument '{name}'.");
                var value = inlineValue ?? (option.IsFlag ? "true" : null)
                    ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--") ? args[++i] : null)
                    ?? throw new CommandLineException($"Option '{name}' needs a value: {name} {option.ValueName}.");
                options = option.Apply(options, value, $"Option '{name}'");
            }

            if (options.Publish)
            {
                return new AppHostCommand(AppHostAction.PublishManifest, options);
            }

            if (options.Silos > 1 && !options.Cluster)
            {
                throw new CommandLineException($"{options.Silos} silos need --cluster: silos share their state through Redis.");
            }

            EnsurePortsDiffer(options);
            return new AppHostCommand(AppHostAction.Run, options);
        }
        catch (CommandLineException e)
        {
            return new AppHostCommand(AppHostAction.Invalid, new AppHostOptions(), e.Message);
        }
    }

    private static AppHostOptions FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var options = new AppHostOptions();
        if (environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspNetCoreEnvironment)
        {
            options = options with { EnvironmentName = aspNetCoreEnvironment };
        }

        foreach (var option in Options)
        {
            if (environment.GetValueOrDefault(option.EnvironmentVariable) is { Length: > 0 } value)
            {
                options = option.Apply(options, value, option.EnvironmentVariable);
            }
        }

        return options;
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=');
        return argument.StartsWith("--") && equals > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
    }

    private static int Port(string value, string source) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new CommandLineException($"{source} must be a port number from 1 to 65535, not '{value}'.");

    private static int Positive(string value, string source) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new CommandLineException($"{source} must be a whole number greater than 0, not '{value}'.");

    private static bool Flag(string value, string source) =>
        bool.TryParse(value, out var flag) ? flag : throw new CommandLineException($"{source} must be true or false, not '{value}'.");

    private static void EnsurePortsDiffer(AppHostOptions options)
    {
        var silos = Enumerable.Range(0, options.Cluster ? options.Silos : 1).Select(index => (Index: index, Ports: options.PortsOfSilo(index)));
        var ports = new List<(string Option, int Port)> { ("--dataverse-port", options.DataversePort) };
        foreach (var (index, siloPorts) in silos)
        {
            var which = index == 0 ? "" : $" (silo {index + 1})";
            ports.AddRange([($"--silo-http-port{which}", siloPorts.Http), ($"--silo-port{which}", siloPorts.Silo), ($"--silo-gateway-port{which}", siloPorts.Gateway)]);
        }

        ports.Add(("--gateway-port", options.GatewayPort));
        if (options.Cluster)
        {
            ports.Add(("--redis-port", options.RedisPort));
        }

        if (options.Demo)
        {
            ports.Add(("--crm-port", options.CrmSimulatorPort));
        }

        if (ports.GroupBy(entry => entry.Port).FirstOrDefault(group => group.Count() > 1) is { } clash)
        {
            var names = clash.Select(entry => entry.Option).ToList();
            throw new CommandLineException(
                $"{string.Join(", ", names[..^1])} and {names[^1]} are {(names.Count == 2 ? "both" : "all")} {clash.Key}; each needs its own port.");
        }
    }

    private static string BuildUsage()
    {
        var lines = new List<string>
        {
            "Usage: dotnet run --project CrmSync.AppHost [-- <options>]",
            "",
            "Starts the Dataverse emulator, the silo and the gateway, each once the one before answers GET /health,",
            "and stops them all on Ctrl+C. The AppHost's environment is passed to every resource. With --cluster,",
            "starts redis-server first and --silos silos on it; with --publisher manifest, writes the cloud deployment.",
            "",
            "Options (each can also be set by the environment variable in brackets):",
        };
        lines.AddRange(Options.Select(option =>
            $"  {$"{option.Name} {option.ValueName}".TrimEnd(),-30}{option.Help} [{option.EnvironmentVariable}]"));
        lines.Add($"  {"-h, --help",-30}Show this help.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <param name="ValueName">Null for a flag: present means true, <c>--flag=false</c> turns it off.</param>
    private sealed record CommandLineOption(
        string Name,
        string? ValueName,
        string EnvironmentVariable,
        string Help,
        Func<AppHostOptions, string, string, AppHostOptions> Apply)
    {
        public bool IsFlag => ValueName is null;
    }

    private sealed class CommandLineException(string message) : Exception(message);
}
