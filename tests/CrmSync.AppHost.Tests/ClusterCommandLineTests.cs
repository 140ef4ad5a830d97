namespace CrmSync.AppHost.Tests;

public sealed class ClusterCommandLineTests
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    [Fact]
    public void ClusterWithThreeSilosRestartsFailedResourcesByDefault()
    {
        var command = AppHostCommandLine.Parse(["--cluster", "--silos", "3"], NoEnvironment);

        Assert.Equal(AppHostAction.Run, command.Action);
        Assert.True(command.Options.Cluster);
        Assert.Equal(3, command.Options.Silos);
        Assert.Equal(6379, command.Options.RedisPort);
        Assert.True(command.Options.RestartsOnFailure);
    }

    [Fact]
    public void TheEmbeddedDefaultDoesNotRestartUnlessAsked()
    {
        Assert.False(AppHostCommandLine.Parse([], NoEnvironment).Options.RestartsOnFailure);
        Assert.True(AppHostCommandLine.Parse(["--restart-on-failure"], NoEnvironment).Options.RestartsOnFailure);
        Assert.False(AppHostCommandLine.Parse(["--cluster", "--restart-on-failure=false"], NoEnvironment).Options.RestartsOnFailure);
    }

    [Fact]
    public void FlagsComeFromTheEnvironmentToo()
    {
        var environment = new Dictionary<string, string> { ["CRMSYNC_CLUSTER"] = "true", ["CRMSYNC_SILOS"] = "2", ["CRMSYNC_REDIS_PORT"] = "6400" };

        var options = AppHostCommandLine.Parse([], environment).Options;

        Assert.Equal((true, 2, 6400), (options.Cluster, options.Silos, options.RedisPort));
    }

    [Fact]
    public void AFlagIsTrueOrFalse()
    {
        var command = AppHostCommandLine.Parse(["--cluster=maybe"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Option '--cluster' must be true or false, not 'maybe'.", command.Error);
    }

    [Fact]
    public void SeveralSilosNeedTheCluster()
    {
        var command = AppHostCommandLine.Parse(["--silos", "3"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("3 silos need --cluster: silos share their state through Redis.", command.Error);
    }

    [Fact]
    public void EachSiloTakesThePortsAfterThePreviousOnes()
    {
        var options = AppHostCommandLine.Parse(["--cluster", "--silos", "3"], NoEnvironment).Options;

        Assert.Equal(
            [new SiloPorts(5081, 11111, 30000), new SiloPorts(5082, 11112, 30001), new SiloPorts(5083, 11113, 30002)],
            Enumerable.Range(0, 3).Select(options.PortsOfSilo));
    }

    [Fact]
    public void ALaterSilosPortThatClashesIsNamed()
    {
        var command = AppHostCommandLine.Parse(["--cluster", "--silos", "3", "--silo-http-port", "5088"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("--dataverse-port and --silo-http-port (silo 3) are both 5090; each needs its own port.", command.Error);
    }

    [Fact]
    public void RedisNeedsItsOwnPortInTheCluster()
    {
        var command = AppHostCommandLine.Parse(["--cluster", "--redis-port", "5080"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("--gateway-port and --redis-port are both 5080; each needs its own port.", command.Error);
    }

    [Fact]
    public void ThePublisherWritesTheManifestWhereAsked()
    {
        var command = AppHostCommandLine.Parse(["--publisher", "manifest", "--output-path", "out/aspire-manifest.json"], NoEnvironment);

        Assert.Equal(AppHostAction.PublishManifest, command.Action);
        Assert.Equal(Path.GetFullPath("out/aspire-manifest.json"), command.Options.ManifestPath);
    }

    [Fact]
    public void OnlyTheManifestPublisherIsKnown()
    {
        var command = AppHostCommandLine.Parse(["--publisher", "docker"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Option '--publisher' knows only the publisher 'manifest', not 'docker'.", command.Error);
    }

    [Fact]
    public void UsageListsTheClusterAndPublishOptions()
    {
        foreach (var expected in new[] { "--cluster ", "--silos <count>", "--redis-port <port>", "--restart-on-failure ", "--publisher manifest", "--output-path <path>" })
        {
            Assert.Contains(expected, AppHostCommandLine.Usage);
        }
    }
}
