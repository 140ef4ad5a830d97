namespace CrmSync.AppHost.Tests;

public sealed class AppHostCommandLineTests
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    [Fact]
    public void NoArgumentsRunWithTheDesignDefaults()
    {
        var command = AppHostCommandLine.Parse([], NoEnvironment);

        Assert.Equal(AppHostAction.Run, command.Action);
        Assert.Equal(Path.Combine(ProjectPaths.RepositoryRoot, ".crmsync"), command.Options.DataDirectory);
        Assert.Equal("Development", command.Options.EnvironmentName);
        Assert.Equal(
            (5090, 5081, 11111, 30000, 5080),
            (command.Options.DataversePort, command.Options.SiloHttpPort, command.Options.SiloPort, command.Options.SiloGatewayPort, command.Options.GatewayPort));
        Assert.Equal(TimeSpan.FromSeconds(60), command.Options.HealthTimeout);
    }

    [Fact]
    public void PortOptionsSetTheirPorts()
    {
        var command = AppHostCommandLine.Parse(
            ["--dataverse-port", "6090", "--silo-http-port", "6081", "--silo-port", "12111", "--silo-gateway-port", "31000", "--gateway-port", "6080"],
            NoEnvironment);

        Assert.Equal(AppHostAction.Run, command.Action);
        Assert.Equal(
            (6090, 6081, 12111, 31000, 6080),
            (command.Options.DataversePort, command.Options.SiloHttpPort, command.Options.SiloPort, command.Options.SiloGatewayPort, command.Options.GatewayPort));
    }

    [Fact]
    public void OptionValuesMayFollowAnEqualsSign()
    {
        var command = AppHostCommandLine.Parse(["--gateway-port=6080", "--environment=Staging"], NoEnvironment);

        Assert.Equal(6080, command.Options.GatewayPort);
        Assert.Equal("Staging", command.Options.EnvironmentName);
    }

    [Fact]
    public void DataDirectoryIsMadeAbsolute()
    {
        var command = AppHostCommandLine.Parse(["--data-dir", "some/dir"], NoEnvironment);

        Assert.Equal(Path.GetFullPath("some/dir"), command.Options.DataDirectory);
    }

    [Fact]
    public void HealthTimeoutIsInSeconds()
    {
        var command = AppHostCommandLine.Parse(["--health-timeout", "5"], NoEnvironment);

        Assert.Equal(TimeSpan.FromSeconds(5), command.Options.HealthTimeout);
    }

    [Fact]
    public void EnvironmentVariablesSetOptionsAndTheCommandLineWins()
    {
        var environment = new Dictionary<string, string>
        {
            ["CRMSYNC_GATEWAY_PORT"] = "7080",
            ["CRMSYNC_DATAVERSE_PORT"] = "7090",
            ["CRMSYNC_DATA_DIR"] = "/srv/crmsync",
        };

        var command = AppHostCommandLine.Parse(["--gateway-port", "8080"], environment);

        Assert.Equal(8080, command.Options.GatewayPort);
        Assert.Equal(7090, command.Options.DataversePort);
        Assert.Equal(Path.GetFullPath("/srv/crmsync"), command.Options.DataDirectory);
    }

    [Theory]
    [InlineData("Production", null, "Production")]
    [InlineData(null, "Staging", "Staging")]
    [InlineData("Production", "Staging", "Production")]
    public void EnvironmentNameIsTheAppHostsOwn(string? dotnetEnvironment, string? aspNetCoreEnvironment, string expected)
    {
        var environment = new Dictionary<string, string>();
        if (dotnetEnvironment is not null)
        {
            environment["DOTNET_ENVIRONMENT"] = dotnetEnvironment;
        }

        if (aspNetCoreEnvironment is not null)
        {
            environment["ASPNETCORE_ENVIRONMENT"] = aspNetCoreEnvironment;
        }

        Assert.Equal(expected, AppHostCommandLine.Parse([], environment).Options.EnvironmentName);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("-?")]
    public void HelpOptionsAskForUsage(string help)
    {
        Assert.Equal(AppHostAction.ShowHelp, AppHostCommandLine.Parse(["--gateway-port", "6080", help], NoEnvironment).Action);
    }

    [Fact]
    public void UnknownOptionIsInvalidAndNamedInTheError()
    {
        var command = AppHostCommandLine.Parse(["--gateway-port", "6080", "--frobnicate", "yes"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Unknown option '--frobnicate'.", command.Error);
    }

    [Fact]
    public void PositionalArgumentIsInvalid()
    {
        var command = AppHostCommandLine.Parse(["gateway"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Unexpected argument 'gateway'.", command.Error);
    }

    [Theory]
    [InlineData("--silo-port")]
    [InlineData("--silo-port", "--gateway-port", "6080")]
    public void OptionWithoutValueIsInvalid(params string[] args)
    {
        var command = AppHostCommandLine.Parse(args, NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Option '--silo-port' needs a value: --silo-port <port>.", command.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("http")]
    public void PortOutsideOneTo65535IsInvalid(string port)
    {
        var command = AppHostCommandLine.Parse(["--gateway-port", port], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal($"Option '--gateway-port' must be a port number from 1 to 65535, not '{port}'.", command.Error);
    }

    [Fact]
    public void BadPortInTheEnvironmentNamesTheVariable()
    {
        var command = AppHostCommandLine.Parse([], new Dictionary<string, string> { ["CRMSYNC_SILO_PORT"] = "many" });

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("CRMSYNC_SILO_PORT must be a port number from 1 to 65535, not 'many'.", command.Error);
    }

    [Fact]
    public void TwoResourcesOnOnePortIsInvalid()
    {
        var command = AppHostCommandLine.Parse(["--gateway-port", "5090"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("--dataverse-port and --gateway-port are both 5090; each needs its own port.", command.Error);
    }

    [Fact]
    public void HealthTimeoutMustBePositive()
    {
        var command = AppHostCommandLine.Parse(["--health-timeout", "0"], NoEnvironment);

        Assert.Equal(AppHostAction.Invalid, command.Action);
        Assert.Equal("Option '--health-timeout' must be a whole number greater than 0, not '0'.", command.Error);
    }

    [Fact]
    public void UsageListsEveryOptionWithItsEnvironmentVariable()
    {
        foreach (var expected in new[]
        {
            "--data-dir <path>", "[CRMSYNC_DATA_DIR]", "--environment <name>", "--dataverse-port <port>", "--silo-http-port <port>",
            "--silo-port <port>", "--silo-gateway-port <port>", "--gateway-port <port>", "--health-timeout <seconds>", "--help",
        })
        {
            Assert.Contains(expected, AppHostCommandLine.Usage);
        }
    }
}
