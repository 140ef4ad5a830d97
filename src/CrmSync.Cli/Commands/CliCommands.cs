using System.CommandLine.Help;

namespace CrmSync.Cli.Commands;

/// <summary>crmsync's command tree; each group of commands lives in its own class.</summary>
public static class CliCommands
{
    public const string Name = "crmsync";

    /// <summary>
    /// A named command rather than a RootCommand, which takes its name from the running executable: usage says
    /// "crmsync" whether it runs as the tool, under dotnet run or in a test host.
    /// </summary>
    public static Command Build(CliContext cli) => new(Name, "Run and watch CrmSync's initial syncs and incremental pulls and look after parked records, through the gateway's admin API.")
    {
        new HelpOption(),
        new VersionOption(),
        cli.GatewayOption,
        cli.ApiKeyOption,
        new SyncCommands(cli).Build(),
        new RecordsCommands(cli).Build(),
        new ForecastCommands(cli).Build(),
        new PollCommands(cli).Build(),
        new ReconcileCommands(cli).Build(),
    };
}
