namespace CrmSync.AppHost;

/// <summary>What a developer needs once everything is up: where to send webhooks, where Dataverse is, and the secret.</summary>
public static class StartupSummary
{
    public static void Write(TextWriter output, AppHostOptions options, WebhookSecret secret)
    {
        (string Resource, string Url, string Health)[] rows =
        [
            ("Resource", "URL", "Health"),
            (CrmSyncResources.Dataverse, $"http://127.0.0.1:{options.DataversePort}/api/data/v9.2", $"http://127.0.0.1:{options.DataversePort}/health"),
            (CrmSyncResources.Silo, $"Orleans silo port {options.SiloPort}, gateway port {options.SiloGatewayPort}", $"http://127.0.0.1:{options.SiloHttpPort}/health"),
            (CrmSyncResources.Gateway, $"http://127.0.0.1:{options.GatewayPort}/webhooks/{CrmSyncResources.GenericSource}", $"http://127.0.0.1:{options.GatewayPort}/health"),
        ];
        var urlWidth = rows.Max(row => row.Url.Length) + 2;

        output.WriteLine();
        output.WriteLine($"CrmSync is running ({options.EnvironmentName}); data in {options.DataDirectory}");
        output.WriteLine();
        foreach (var (resource, url, health) in rows)
        {
            output.WriteLine($"  {resource,-11}{url.PadRight(urlWidth)}{health}");
        }

        output.WriteLine();
        output.WriteLine($"  Webhook secret of source '{CrmSyncResources.GenericSource}' ({secret.Describe()}):");
        output.WriteLine($"    {secret.Value}");
        output.WriteLine();
        output.WriteLine("Press Ctrl+C to stop.");
        output.WriteLine();
    }
}
