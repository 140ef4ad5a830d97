using System.Text.Json.Nodes;
using static CrmSync.AppHost.Manifest.ManifestResources;

namespace CrmSync.AppHost.Manifest;

/// <summary>
/// The cloud deployment, as an Aspire AppHost would publish it from:
/// <code>
/// var redis = builder.AddRedis("redis").WithDataVolume("crmsync-redis-data");   // append-only, see RedisArguments
/// var orleans = builder.AddOrleans("crmsync").WithClusterId(clusterId).WithServiceId(serviceId)
///     .WithClustering(redis).WithGrainStorage("records", redis).WithReminders(redis);
/// var dataverse = builder.AddConnectionString("dataverse");
/// builder.AddProject&lt;CrmSync_Silo&gt;("silo").WithReference(orleans).WithReference(dataverse);
/// builder.AddProject&lt;CrmSync_Gateway&gt;("gateway").WithReference(orleans.AsClient())
///     .WithEnvironment("CrmSync__Sources__generic__Secret", webhookSecret).WithExternalHttpEndpoints();
/// </code>
/// The silo's Orleans ports are Orleans' usual 11111 and 30000 rather than Aspire's first free 8000 and 8001.
/// </summary>
public static class CrmSyncManifest
{
    public const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";
    public const string RedisImage = "docker.io/library/redis:7.4";
    public const string RedisVolume = "crmsync-redis-data";
    public const string ClusterId = "orleans-cluster-id";
    public const string ServiceId = "orleans-service-id";
    public const string DataverseConnection = "dataverse";
    public const string WebhookSecret = "generic-webhook-secret";
    public const string RedisPassword = "redis-password";
    public const int SiloPort = 11111;
    public const int SiloGatewayPort = 30000;

    private const string Redis = CrmSyncResources.Redis;
    private const string Silo = CrmSyncResources.Silo;
    private const string Gateway = CrmSyncResources.Gateway;

    /// <param name="manifestDirectory">Project paths are written relative to it, as Aspire writes them.</param>
    public static JsonObject Build(string manifestDirectory)
    {
        var redisConnection = Expression(Redis, "connectionString");
        var clusterId = Expression(ClusterId, "value");
        var serviceId = Expression(ServiceId, "value");
        var siloOrleans = OrleansWiring.Silo(Redis, redisConnection, clusterId, serviceId,
            Expression(Silo, "bindings.orleans-silo.targetPort"), Expression(Silo, "bindings.orleans-gateway.targetPort"));

        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["resources"] = new JsonObject
            {
                [Redis] = RedisContainer(),
                [ClusterId] = Parameter(ClusterId, defaultValue: CrmSyncResources.OrleansClusterId),
                [ServiceId] = Parameter(ServiceId, defaultValue: CrmSyncResources.OrleansServiceId),
                [DataverseConnection] = ConnectionString(DataverseConnection),
                [WebhookSecret] = Parameter(WebhookSecret, secret: true),
                [Silo] = Project(
                    RelativePath(manifestDirectory, ProjectPaths.SiloProject),
                    [.. ProjectDefaults(Silo), .. siloOrleans, new($"ConnectionStrings__{DataverseConnection}", Expression(DataverseConnection, "connectionString"))],
                    new JsonObject
                    {
                        ["http"] = Binding("http", "http"),
                        ["orleans-silo"] = Binding("tcp", "tcp", SiloPort),
                        ["orleans-gateway"] = Binding("tcp", "tcp", SiloGatewayPort),
                    }),
                [Gateway] = Project(
                    RelativePath(manifestDirectory, ProjectPaths.GatewayProject),
                    [
                        .. ProjectDefaults(Gateway),
                        .. OrleansWiring.Client(Redis, redisConnection, clusterId, serviceId),
                        new(CrmSync.AppHost.WebhookSecret.EnvironmentVariable, Expression(WebhookSecret, "value")),
                    ],
                    new JsonObject { ["http"] = Binding("http", "http", external: true) }),
                [RedisPassword] = Parameter(RedisPassword, secret: true, generatedLength: 22),
            },
        };
    }

    /// <summary>Aspire's Redis container (password from a generated secret), made durable as the AppHost's own redis-server is.</summary>
    private static JsonObject RedisContainer()
    {
        var persistence = string.Join(' ', CrmSyncResources.RedisPersistence.Select(argument => argument.Length == 0 ? "''" : argument));
        return new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = $"{Expression(Redis, "bindings.tcp.host")}:{Expression(Redis, "bindings.tcp.port")},password={Expression(RedisPassword, "value")}",
            ["image"] = RedisImage,
            ["entrypoint"] = "/bin/sh",
            ["args"] = new JsonArray("-c", $"redis-server --requirepass $REDIS_PASSWORD --dir /data {persistence}"),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = RedisVolume, ["target"] = "/data", ["readOnly"] = false }),
            ["env"] = new JsonObject { ["REDIS_PASSWORD"] = Expression(RedisPassword, "value") },
            ["bindings"] = new JsonObject { ["tcp"] = Binding("tcp", "tcp", 6379) },
        };
    }

    private static string RelativePath(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');
}
