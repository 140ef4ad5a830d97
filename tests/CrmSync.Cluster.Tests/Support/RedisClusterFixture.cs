namespace CrmSync.Cluster.Tests.Support;

/// <summary>
/// Three silos on a redis-server of their own, with the emulator and the gateway, as <c>--cluster --silos 3</c> starts
/// them; nothing on a machine without redis-server, where the tests skip.
/// </summary>
public sealed class RedisClusterFixture : CrmSyncSystemFixture
{
    public const int Silos = 3;

    protected override int SilosOnRedis => Silos;

    public override Task InitializeAsync() => RedisFactAttribute.IsRedisInstalled ? base.InitializeAsync() : Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "silos on redis";
}
