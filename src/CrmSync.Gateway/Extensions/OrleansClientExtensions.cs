using CrmSync.Gateway.Webhooks;
using Orleans.Configuration;

namespace CrmSync.Gateway.Extensions;

public static class OrleansClientExtensions
{
    /// <summary>
    /// The gateway is an Orleans client of the silo cluster. With <c>Orleans:Clustering:ProviderType</c> set (as Aspire's
    /// Orleans integration sets it, e.g. Redis with <c>ServiceKey</c> and <c>ConnectionStrings:{key}</c>) Orleans finds
    /// the silos' gateways in the cluster's membership table; otherwise, on one machine, it finds the silo on localhost
    /// at <c>Orleans:Endpoints:GatewayPort</c>. Either way it keeps trying while the silos start.
    /// </summary>
    public static IHostApplicationBuilder AddOrleansClient(this IHostApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var clustered = orleans.GetSection("Clustering").Exists();
        if (clustered)
        {
            builder.AddOrleansRedisClients();
        }

        builder.UseOrleansClient(client =>
        {
            if (clustered)
            {
                // Orleans' default of a minute would leave a restarted silo without webhooks for that long, and keep
                // offering a dead one; Orleans:Gateway:GatewayListRefreshPeriod still overrides it.
                client.Configure<GatewayOptions>(o =>
                    o.GatewayListRefreshPeriod = orleans.GetValue("Gateway:GatewayListRefreshPeriod", TimeSpan.FromSeconds(5)));
            }
            else
            {
                client.UseLocalhostClustering(
                    orleans.GetValue("Endpoints:GatewayPort", 30000),
                    orleans["ServiceId"] ?? "crmsync",
                    orleans["ClusterId"] ?? "crmsync");
            }

            client.UseConnectionRetryFilter(new RetryWhileSiloStarts(TimeSpan.FromSeconds(90)).ShouldRetry);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        });
        if (clustered)
        {
            // Only a cluster has silos that die under the gateway; after Orleans' client, so that it polls a started client.
            builder.Services.AddHostedService<SiloDeathWatch>();
        }

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
