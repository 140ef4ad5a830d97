namespace CrmSync.Cli.Commands;

/// <summary>crmsync's command tree; each group of commands lives in its own class.</summary>
public static class CliCommands
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("crmsync: run and watch CrmSync's initial syncs and look after parked records, through the gateway's admin API.")
        {
            cli.GatewayOption,
            cli.ApiKeyOption,
            new SyncCommands(cli).Build(),
            new RecordsCommands(cli).Build(),
        };
        return root;
    }
}
