using Orleans.Configuration;

namespace CrmSync.Gateway.Extensions;

public static class OrleansClientExtensions
{
    /// <summary>
    /// The gateway is an Orleans client of the silo cluster. On one machine it finds the silo on
    /// localhost at <c>Orleans:Endpoints:GatewayPort</c>; it keeps trying while the silo starts.
    /// </summary>
    public static IHostApplicationBuilder AddOrleansClient(this IHostApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var gatewayPort = orleans.GetValue("Endpoints:GatewayPort", 30000);
        var clusterId = orleans["ClusterId"] ?? "crmsync";
        var serviceId = orleans["ServiceId"] ?? "crmsync";

        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
            client.UseConnectionRetryFilter(new RetryWhileSiloStarts(TimeSpan.FromSeconds(90)).ShouldRetry);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        });
        return builder;
    }

    private sealed class RetryWhileSiloStarts(TimeSpan patience)
    {
        private readonly DateTime _giveUpAt = DateTime.UtcNow + patience;

        public async Task<bool> ShouldRetry(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow > _giveUpAt)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
