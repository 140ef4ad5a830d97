using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The keyed <see cref="IConnectionMultiplexer"/>s that Orleans' Redis providers look up by their <c>ServiceKey</c>,
/// from Aspire's Redis client integration (<c>Aspire.StackExchange.Redis</c>: health check, logging and traces included).
/// </summary>
public static class RedisClientExtensions
{
    private static readonly string[] RedisProviderTypes = ["Redis", "AzureRedisCache"];
    private static readonly string[] SingleProviderSections = ["Clustering", "Reminders"];
    private static readonly string[] NamedProviderSections = ["GrainStorage", "GrainDirectory", "Streaming", "BroadcastChannel"];

    /// <summary>
    /// A keyed client for every Orleans provider configured with <c>ProviderType</c> Redis and a <c>ServiceKey</c>, as Aspire's
    /// Orleans integration writes them (<c>Orleans__Clustering__ServiceKey=redis</c> with <c>ConnectionStrings__redis</c>).
    /// </summary>
    public static IHostApplicationBuilder AddOrleansRedisClients(this IHostApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var providers = SingleProviderSections.Select(orleans.GetSection)
            .Concat(NamedProviderSections.SelectMany(section => orleans.GetSection(section).GetChildren()));
        var serviceKeys = providers
            .Where(provider => RedisProviderTypes.Contains(provider["ProviderType"], StringComparer.OrdinalIgnoreCase))
            .Select(provider => provider["ServiceKey"])
            .OfType<string>()
            .Where(key => key.Length > 0)
            .Distinct(StringComparer.Ordinal);
        foreach (var serviceKey in serviceKeys)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(serviceKey)))
            {
                throw new InvalidOperationException(
                    $"An Orleans provider uses the Redis connection '{serviceKey}', but ConnectionStrings:{serviceKey} is not set; set ConnectionStrings__{serviceKey} to the Redis server, e.g. 127.0.0.1:6379.");
            }

            // A silo or gateway that starts, or keeps running, while Redis restarts must reconnect rather than fail for
            // good: operations made meanwhile fail after their timeout (the gateway answers 503) and succeed once it is back.
            builder.AddKeyedRedisClient(serviceKey, configureOptions: options => options.AbortOnConnectFail = false);
        }

        return builder;
    }
}
