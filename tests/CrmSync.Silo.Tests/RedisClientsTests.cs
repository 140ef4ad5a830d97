using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CrmSync.Silo.Tests;

/// <summary>The keyed Redis clients that Orleans' Redis providers look up by the ServiceKey Aspire's Orleans integration writes.</summary>
public sealed class RedisClientsTests
{
    [Fact]
    public void EachRedisServiceKeyGetsOneKeyedClient()
    {
        var builder = Builder(new()
        {
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ServiceKey"] = "redis",
            ["Orleans:GrainStorage:records:ProviderType"] = "Redis",
            ["Orleans:GrainStorage:records:ServiceKey"] = "redis",
            ["Orleans:Reminders:ProviderType"] = "AzureRedisCache",
            ["Orleans:Reminders:ServiceKey"] = "cache",
            ["Orleans:GrainStorage:other:ProviderType"] = "AzureBlobStorage",
            ["Orleans:GrainStorage:other:ServiceKey"] = "blobs",
            ["ConnectionStrings:redis"] = "127.0.0.1:6379",
            ["ConnectionStrings:cache"] = "127.0.0.1:6380",
        });

        builder.AddOrleansRedisClients();

        Assert.Equal(["cache", "redis"], KeyedClients(builder).Order());
    }

    [Fact]
    public void NoRedisProviderMeansNoClient()
    {
        var builder = Builder(new() { ["Orleans:ClusterId"] = "crmsync" });

        builder.AddOrleansRedisClients();

        Assert.Empty(KeyedClients(builder));
    }

    [Fact]
    public void AServiceKeyWithoutItsConnectionStringIsAStartUpErrorThatSaysWhatToSet()
    {
        var builder = Builder(new() { ["Orleans:Clustering:ProviderType"] = "Redis", ["Orleans:Clustering:ServiceKey"] = "redis" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddOrleansRedisClients());

        Assert.Equal(
            "An Orleans provider uses the Redis connection 'redis', but ConnectionStrings:redis is not set; set ConnectionStrings__redis to the Redis server, e.g. 127.0.0.1:6379.",
            error.Message);
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static IEnumerable<string> KeyedClients(HostApplicationBuilder builder) =>
        builder.Services
            .Where(service => service.IsKeyedService && service.ServiceType == typeof(IConnectionMultiplexer))
            .Select(service => (string)service.ServiceKey!);
}
