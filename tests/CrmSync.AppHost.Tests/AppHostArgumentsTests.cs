using Microsoft.Extensions.Configuration;

namespace CrmSync.AppHost.Tests;

public sealed class AppHostArgumentsTests
{
    [Fact]
    public void FlagsBecomeSettingsSoThatTheNextArgumentIsNotTakenAsTheirValue()
    {
        var configuration = Configuration("--demo", "--cluster", "--silos", "3");

        Assert.Equal("true", configuration["CrmSync:Demo"]);
        Assert.Equal("true", configuration["CrmSync:Cluster"]);
        Assert.Equal("3", configuration["CrmSync:Silos"]);
    }

    [Fact]
    public void AspiresOwnArgumentsPassThrough()
    {
        var configuration = Configuration("--publisher", "manifest", "--output-path", "aspire-manifest.json", "CrmSync:GatewayPort=5180");

        Assert.Equal("manifest", configuration["publisher"]);
        Assert.Equal("aspire-manifest.json", configuration["output-path"]);
        Assert.Equal("5180", configuration["CrmSync:GatewayPort"]);
    }

    [Fact]
    public void ACountWithoutItsValueSaysWhatToWrite()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostArguments.ToConfiguration(["--cluster", "--silos"]));

        Assert.Equal("--silos needs a value, e.g. --silos 3.", error.Message);
    }

    [Theory]
    [InlineData(true, "no login: it listens on this machine only")]
    [InlineData(false, "log in with the login URL printed above")]
    public void TheSummarySaysHowToGetIntoTheDashboardAndWhereToSendWebhooks(bool anonymous, string login)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:18888",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = anonymous ? "true" : null,
            ["Parameters:generic-webhook-secret"] = "whsec_c2VjcmV0",
        }).Build();

        var summary = StartupSummary.Render(configuration, "http://localhost:5080");

        Assert.Contains($"Dashboard:      http://127.0.0.1:18888 ({login}", summary);
        Assert.Contains("Webhooks:       http://localhost:5080/webhooks/generic", summary);
        Assert.Contains("    whsec_c2VjcmV0", summary);
    }

    private static IConfiguration Configuration(params string[] args) =>
        new ConfigurationBuilder().AddCommandLine(AppHostArguments.ToConfiguration(args)).Build();
}
