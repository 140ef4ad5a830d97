namespace CrmSync.AppHost;

/// <summary>What a developer needs once everything is up: where to send webhooks, where Dataverse is, and the secret.</summary>
public static class StartupSummary
{
    public static void Write(TextWriter output, AppHostOptions options, WebhookSecret secret)
    {
        var rows = new List<(string Resource, string Url, string Health)> { ("Resource", "URL", "Health") };
        if (options.Cluster)
        {
            rows.Add((CrmSyncResources.Redis, $"redis://127.0.0.1:{options.RedisPort}", $"append-only file in {CrmSyncResources.RedisDirectory(options)}"));
        }

        if (options.Demo)
        {
            rows.Add((DemoSource.Simulator, $"http://127.0.0.1:{options.CrmSimulatorPort}/api", $"http://127.0.0.1:{options.CrmSimulatorPort}/health"));
        }

        rows.Add((CrmSyncResources.Dataverse, $"http://127.0.0.1:{options.DataversePort}/api/data/v9.2", $"http://127.0.0.1:{options.DataversePort}/health"));
        rows.AddRange(Enumerable.Range(0, options.Cluster ? options.Silos : 1).Select(index =>
        {
            var ports = options.PortsOfSilo(index);
            var name = options.Cluster ? CrmSyncResources.SiloName(index) : CrmSyncResources.Silo;
            return (name, $"Orleans silo port {ports.Silo}, gateway port {ports.Gateway}", $"http://127.0.0.1:{ports.Http}/health");
        }));
        rows.Add((CrmSyncResources.Gateway, $"http://127.0.0.1:{options.GatewayPort}/webhooks/{CrmSyncResources.GenericSource}", $"http://127.0.0.1:{options.GatewayPort}/health"));
        var urlWidth = rows.Max(row => row.Url.Length) + 2;

        output.WriteLine();
        output.WriteLine($"CrmSync is running ({options.EnvironmentName}{(options.Cluster ? $", {options.Silos} silos on Redis" : "")}); data in {options.DataDirectory}");
        output.WriteLine();
        foreach (var (resource, url, health) in rows)
        {
            output.WriteLine($"  {resource,-11}{url.PadRight(urlWidth)}{health}");
        }

        output.WriteLine();
        output.WriteLine($"  Webhook secret of source '{CrmSyncResources.GenericSource}' ({secret.Describe()}):");
        output.WriteLine($"    {secret.Value}");
        output.WriteLine();
        if (options.Demo)
        {
            output.WriteLine($"  Demo source '{DemoSource.Name}': {options.DemoAccounts} accounts and {options.DemoAccounts * 2} contacts in the simulated CRM. Import them:");
            output.WriteLine($"    dotnet run --project src/CrmSync.Cli -- sync start {DemoSource.Name} account --follow");
            output.WriteLine($"    dotnet run --project src/CrmSync.Cli -- sync start {DemoSource.Name} contact --follow");
            output.WriteLine();
        }

        if (options.RestartsOnFailure)
        {
            output.WriteLine("A resource that exits on its own is started again.");
        }

        output.WriteLine("Press Ctrl+C to stop.");
        output.WriteLine();
    }
}
