using CrmSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>
/// The real AppHost (CrmSync.AppHost's Program) under Aspire.Hosting.Testing, once per test class: every resource on
/// free ports with a data directory of its own, so that it collides neither with a developer's AppHost nor another test.
/// </summary>
public abstract class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly CrmSync.Testing.TempDirectory _data = new("crmsync-apphost-");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>How long from building the AppHost to every resource healthy.</summary>
    public TimeSpan StartUpTime { get; private set; }

    /// <summary>Set when the dashboard runs: its address, anonymous.</summary>
    public Uri? DashboardUrl { get; private set; }

    public string WebhookSecret { get; } = DevelopmentWebhookSecret.Generate();

    protected virtual bool WithDashboard => false;

    /// <summary>The AppHost's own settings (<c>CrmSync:Cluster=true</c>…), as a developer passes them on its command line.</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>The resources that must be healthy before a test runs.</summary>
    protected abstract IEnumerable<string> Resources { get; }

    /// <summary>Null when the machine can run this AppHost; else why not, naming what to install.</summary>
    public virtual string? Missing => null;

    public async Task InitializeAsync()
    {
        if (Missing is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var siloGatewayPort = Ports.Free(1)[0];
        string[] args =
        [
            $"CrmSync:DataDirectory={_data.Path}",
            $"CrmSync:SiloGatewayPort={siloGatewayPort}",
            $"Parameters:{Sources.WebhookSecretParameter}={WebhookSecret}",
            // As the launch profile has it; the testing builder gives the dashboard free ports of its own.
            "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            .. Settings,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CrmSync_AppHost>(
            args,
            (options, _) =>
            {
                options.DisableDashboard = !WithDashboard;
                options.AllowUnsecuredTransport = true;
            },
            timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        StartUpTime = started.Elapsed;
        if (WithDashboard)
        {
            DashboardUrl = App.GetEndpoint("aspire-dashboard", "http");
        }
    }

    public Uri Endpoint(string resource) => App.GetEndpoint(resource, "http");

    public WebhookSender Webhooks() => new(Endpoint(CrmSyncResources.Gateway), WebhookSecret);

    public EmulatorClient Dataverse() => new(Endpoint(CrmSyncResources.Dataverse));

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        _data.Dispose();
    }
}
