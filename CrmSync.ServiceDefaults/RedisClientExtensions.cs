using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stands in for Aspire's Redis client integration (<c>Aspire.StackExchange.Redis</c>, not in our package registry):
/// the keyed <see cref="IConnectionMultiplexer"/> that Orleans' Redis providers look up by their <c>ServiceKey</c>.
/// </summary>
public static class RedisClientExtensions
{
    private static readonly string[] RedisProviderTypes = ["Redis", "AzureRedisCache"];
    private static readonly string[] SingleProviderSections = ["Clustering", "Reminders"];
    private static readonly string[] NamedProviderSections = ["GrainStorage", "GrainDirectory", "Streaming", "BroadcastChannel"];

    /// <summary>Registers a multiplexer for <c>ConnectionStrings:{name}</c> under the key <paramref name="name"/>, as Aspire's <c>AddKeyedRedisClient</c> does.</summary>
    public static IHostApplicationBuilder AddKeyedRedisClient(this IHostApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"An Orleans provider uses the Redis connection '{name}', but ConnectionStrings:{name} is not set; set ConnectionStrings__{name} to the Redis server, e.g. 127.0.0.1:6379.");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        // A silo or gateway that starts, or keeps running, while Redis restarts must reconnect rather than fail for good:
        // operations made meanwhile fail after their timeout (the gateway answers 503) and succeed again once Redis is back.
        options.AbortOnConnectFail = false;
        builder.Services.TryAddKeyedSingleton<IConnectionMultiplexer>(name, (_, _) => ConnectionMultiplexer.Connect(options));
        return builder;
    }

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
            builder.AddKeyedRedisClient(serviceKey);
        }

        return builder;
    }
}
