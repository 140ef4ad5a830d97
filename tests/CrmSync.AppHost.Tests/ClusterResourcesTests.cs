using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

public sealed class ClusterResourcesTests
{
    private const string Secret = CrmSyncResourcesTests.Secret;

    private static readonly AppHostOptions Options = CrmSyncResourcesTests.Options with { RedisPort = 6400, Cluster = true, Silos = 3 };

    [Fact]
    public void RedisStartsFirstThenDataverseTheSilosAndTheGateway()
    {
        Assert.Equal(["redis", "dataverse", "silo-1", "silo-2", "silo-3", "gateway"], Specs().Select(spec => spec.Name));
    }

    [Fact]
    public void RedisKeepsAnAppendOnlyFileInTheDataDirectoryAndListensOnLoopback()
    {
        var redis = Specs()[0];
        var (program, arguments) = redis.FileName.EndsWith("/setsid") ? (redis.Arguments[0], redis.Arguments.Skip(1)) : (redis.FileName, redis.Arguments);

        Assert.EndsWith("redis-server", program);
        Assert.Equal(
            ["--port", "6400", "--bind", "127.0.0.1", "--dir", "/data/crmsync/redis", "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            arguments);
        Assert.Equal("/data/crmsync/redis", redis.WorkingDirectory);
        Assert.Equal(new Uri("redis://127.0.0.1:6400"), redis.HealthUrl);
        Assert.Equal([6400], redis.Ports);
    }

    [Fact]
    public void EachSiloHasItsOwnPortsAndIsWiredToRedisAsAspiresOrleansIntegrationWiresIt()
    {
        var silos = Specs().Where(spec => spec.Name.StartsWith("silo-")).ToList();

        Assert.Equal([[6081, 12111, 31000], [6082, 12112, 31001], [6083, 12113, 31002]], silos.Select(spec => spec.Ports));
        Assert.All(silos, silo =>
        {
            var env = silo.Environment;
            Assert.Equal("Redis", env["Orleans__Clustering__ProviderType"]);
            Assert.Equal("redis", env["Orleans__Clustering__ServiceKey"]);
            Assert.Equal("127.0.0.1:6400", env["ConnectionStrings__redis"]);
            Assert.Equal("Redis", env["Orleans__GrainStorage__records__ProviderType"]);
            Assert.Equal("redis", env["Orleans__GrainStorage__records__ServiceKey"]);
            Assert.Equal("Redis", env["Orleans__Reminders__ProviderType"]);
            Assert.Equal("redis", env["Orleans__Reminders__ServiceKey"]);
            Assert.Equal("crmsync", env["Orleans__ClusterId"]);
            Assert.Equal("127.0.0.1", env["Orleans__Endpoints__AdvertisedIPAddress"]);
            Assert.Equal("Url=http://127.0.0.1:6090", env["ConnectionStrings__dataverse"]);
            Assert.False(env.ContainsKey("ConnectionStrings__silostate"));
        });
        Assert.Equal(["12112", "31001"], [silos[1].Environment["Orleans__Endpoints__SiloPort"], silos[1].Environment["Orleans__Endpoints__GatewayPort"]]);
    }

    [Fact]
    public void TheGatewayFindsTheSilosThroughRedisAndGetsNoSiloSettings()
    {
        var gateway = Specs().Single(spec => spec.Name == "gateway").Environment;

        Assert.Equal("Redis", gateway["Orleans__Clustering__ProviderType"]);
        Assert.Equal("127.0.0.1:6400", gateway["ConnectionStrings__redis"]);
        Assert.Equal(Secret, gateway["CrmSync__Sources__generic__Secret"]);
        Assert.DoesNotContain(gateway.Keys, key => key.StartsWith("Orleans__GrainStorage") || key.StartsWith("Orleans__Reminders") || key.StartsWith("Orleans__Endpoints"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RedisRunsInASessionOfItsOwnWhereSetsidExists(bool withSetsid)
    {
        using var bin = new TempDirectory();
        File.WriteAllText(Path.Combine(bin.Path, "redis-server"), "");
        if (withSetsid)
        {
            File.WriteAllText(Path.Combine(bin.Path, "setsid"), "");
        }

        var redis = CrmSyncResources.Define(Options, Secret)[0].ToSpec("Testing", [], new Dictionary<string, string> { ["PATH"] = bin.Path });

        var redisServer = Path.Combine(bin.Path, "redis-server");
        Assert.Equal(withSetsid ? Path.Combine(bin.Path, "setsid") : redisServer, redis.FileName);
        Assert.Equal(withSetsid ? redisServer : "--port", redis.Arguments[0]);
    }

    [Fact]
    public void SiloPortOverridesReplaceTheDerivedPorts()
    {
        var options = Options with { Silos = 2, SiloPortOverrides = [new SiloPorts(7001, 7002, 7003), new SiloPorts(7101, 7102, 7103)] };

        var silos = CrmSyncResources.Define(options, Secret).ToSpecs("Testing", new Dictionary<string, string>()).Where(spec => spec.Name.StartsWith("silo-"));

        Assert.Equal([[7001, 7002, 7003], [7101, 7102, 7103]], silos.Select(spec => spec.Ports));
    }

    [Fact]
    public void AProgramThatIsNotInstalledSaysHowToInstallIt()
    {
        var missing = new ExecutableResource("redis", "crmsync-no-such-program", [], Path.GetTempPath(), new Uri("redis://127.0.0.1:1"), CrmSyncResources.RedisInstallHint);

        var error = Assert.Throws<ResourceFailedException>(missing.EnsureBuilt);

        Assert.Equal(
            "Resource 'redis' needs crmsync-no-such-program, which is not on PATH: install it (on Debian or Ubuntu: sudo apt-get install redis-server) and run again.",
            error.Message);
    }

    private static IReadOnlyList<ResourceSpec> Specs() =>
        CrmSyncResources.Define(Options, Secret).ToSpecs(Options.EnvironmentName, new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" });
}
