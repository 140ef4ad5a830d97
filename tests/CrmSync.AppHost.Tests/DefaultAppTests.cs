using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmSync.AppHost.Tests;

[Collection(DefaultAppCollection.Name)]
public sealed class DefaultAppTests(DefaultAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public void DataverseSiloAndGatewayRunHealthy()
    {
        output.WriteLine($"All resources healthy {app.StartUpTime.TotalSeconds:F1} s after the AppHost was built.");
        foreach (var name in (string[])[CrmSyncResources.Dataverse, CrmSyncResources.Silo, CrmSyncResources.Gateway])
        {
            Assert.True(app.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} is not a resource");
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task ASignedWebhookBecomesARowInDataverse()
    {
        using var webhooks = app.Webhooks();
        using var dataverse = app.Dataverse();

        var response = await webhooks.SendAsync(GenericChange.Account("apphost-1", 1, new { name = "Contoso via Aspire" }));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
        var row = await dataverse.WaitForRowAsync(EmulatorClient.Accounts, "apphost-1");
        Assert.Equal("Contoso via Aspire", (string?)row["name"]);
    }

    [Fact]
    public async Task AWebhookWithAnotherSecretIsRefused()
    {
        using var webhooks = new WebhookSender(app.Endpoint(CrmSyncResources.Gateway), DevelopmentWebhookSecret.Generate());

        var response = await webhooks.SendAsync(GenericChange.Account("apphost-refused", 1));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task TheRetryParkedCommandCallsTheAdminApi()
    {
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(CrmSyncResources.Gateway, GatewayCommands.RetryParked);

        Assert.True(result.Success, result.Message);
    }

    [Fact]
    public void TheGatewayListsItsWebhookEndpointAndAdminApi()
    {
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState(CrmSyncResources.Gateway, out var state));
        var shown = state.Snapshot.Urls.Select(url => (url.DisplayProperties.DisplayName, url.Url)).ToList();
        Assert.Contains(shown, url => url.DisplayName == "Webhook endpoint" && url.Url.EndsWith("/webhooks/generic", StringComparison.Ordinal));
        Assert.Contains(shown, url => url.DisplayName == "Admin API" && url.Url.EndsWith("/admin/records", StringComparison.Ordinal));
    }
}
