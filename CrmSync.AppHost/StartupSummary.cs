using CrmSync.Hosting;

namespace CrmSync.AppHost;

/// <summary>
/// Once the gateway is healthy, tells the developer where the dashboard is (and how to get in), where to send webhooks
/// and with which secret.
/// </summary>
public sealed class StartupSummary(
    ResourceNotificationService notifications,
    DistributedApplicationModel model,
    IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync(CrmSyncResources.Gateway, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var gateway = model.Resources.OfType<ProjectResource>().Single(resource => resource.Name == CrmSyncResources.Gateway);
        var gatewayUrl = new EndpointReference(gateway, "http").Url;
        Console.WriteLine(Render(configuration, gatewayUrl));
    }

    public static string Render(IConfiguration configuration, string gatewayUrl)
    {
        var dashboard = configuration["ASPNETCORE_URLS"];
        var anonymous = configuration.GetValue<bool>("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS");
        var lines = new List<string> { "", "CrmSync is running." };
        lines.Add(dashboard is null
            ? "  Dashboard:      off"
            : anonymous
                ? $"  Dashboard:      {dashboard} (no login: it listens on this machine only, and ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS is set in Properties/launchSettings.json)"
                : $"  Dashboard:      {dashboard} (log in with the login URL printed above)");
        lines.Add($"  Webhooks:       {gatewayUrl}/webhooks/{SourceSettings.GenericSource}");
        lines.Add($"  Webhook secret of source '{SourceSettings.GenericSource}' ({DevelopmentWebhookSecret.Origin}):");
        lines.Add($"    {configuration[$"Parameters:{Sources.WebhookSecretParameter}"]}");
        lines.Add("Press Ctrl+C to stop.");
        return string.Join(Environment.NewLine, lines);
    }
}
