namespace CrmSync.Testing.Processes;

/// <summary>
/// The environment Aspire's Orleans integration gives a silo (<c>WithReference(orleans)</c>) and a client
/// (<c>WithReference(orleans.AsClient())</c>), in the order it writes them, for an Orleans service whose clustering,
/// record grain storage and reminders are all on one Redis. Values are literals when the AppHost runs the cluster,
/// manifest expressions (<c>{redis.connectionString}</c>) when it publishes one.
/// </summary>
public static class OrleansWiring
{
    /// <summary>The grain storage the record grains name (StorageNames.Records in CrmSync.Grains).</summary>
    public const string RecordStorage = "records";

    public const string ProviderType = "Redis";

    /// <param name="redis">The Redis resource's name: the providers' ServiceKey and the connection string's name.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Client(string redis, string redisConnection, string clusterId, string serviceId) =>
    [
        new("Orleans__Clustering__ProviderType", ProviderType),
        new("Orleans__Clustering__ServiceKey", redis),
        new($"ConnectionStrings__{redis}", redisConnection),
        new("Orleans__ClusterId", clusterId),
        new("Orleans__ServiceId", serviceId),
        new("Orleans__EnableDistributedTracing", "true"),
    ];

    /// <param name="siloPort">Orleans' silo-to-silo port (the orleans-silo endpoint).</param>
    /// <param name="gatewayPort">Orleans' port for clients (the orleans-gateway endpoint).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Silo(
        string redis, string redisConnection, string clusterId, string serviceId, string siloPort, string gatewayPort) =>
    [
        .. Client(redis, redisConnection, clusterId, serviceId),
        new("Orleans__Reminders__ProviderType", ProviderType),
        new("Orleans__Reminders__ServiceKey", redis),
        new($"Orleans__GrainStorage__{RecordStorage}__ProviderType", ProviderType),
        new($"Orleans__GrainStorage__{RecordStorage}__ServiceKey", redis),
        new("Orleans__Endpoints__SiloPort", siloPort),
        new("Orleans__Endpoints__GatewayPort", gatewayPort),
    ];
}
