using CrmSync.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmSync.AppHost;

/// <summary>
/// Redis as the <c>redis-server</c> executable, for machines without a container runtime: a resource with a connection
/// string, which Aspire's Orleans integration takes as it takes <c>AddRedis</c>'s container.
/// </summary>
public sealed class RedisServerResource(string name, string workingDirectory)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

public static class RedisServerExtensions
{
    public const string InstallHint = "install redis-server (on Debian or Ubuntu: sudo apt-get install redis-server)";

    /// <summary>
    /// <c>redis-server</c> listening on loopback, with its append-only file in <paramref name="dataDirectory"/>, fsynced
    /// before Redis answers: an acknowledged webhook survives a crash of Redis and of the machine. No RDB snapshots.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, int? port = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var resource = new RedisServerResource(name, dataDirectory);
        var healthCheck = $"{name}_ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, ct => PingAsync(resource.PrimaryEndpoint, ct));
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in (string[])["--bind", "127.0.0.1", "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "always", "--save", ""])
                {
                    context.Args.Add(argument);
                }
            })
            // Else Aspire's Orleans integration names the provider after the class: "RedisServer".
            .WithOrleansProviderType("Redis")
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    private static async Task<HealthCheckResult> PingAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("redis-server has no port yet.");
        }

        if (!IsOnPath("redis-server"))
        {
            return HealthCheckResult.Unhealthy($"redis-server is not on PATH; {InstallHint}.");
        }

        return await RedisPing.ProbeAsync(endpoint.Host, endpoint.Port, cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy();
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
