namespace CrmSync.Cli.Tests;

/// <summary>The admin API key, from <c>--api-key</c> or CRMSYNC_API_KEY, against a gateway that has one configured.</summary>
[Collection(CliSystemCollection.Name)]
public sealed class ApiKeyTests(CliSystem system)
{
    private static readonly string KeyRefused =
        $"The gateway refused the admin API key; pass --api-key or set CRMSYNC_API_KEY to the gateway's CrmSync:AdminApiKey.{Environment.NewLine}";

    [Fact]
    public async Task AWrongKeyIsRefusedWithWhereToSetTheRightOne()
    {
        var result = await CliRunner.RunAsync("records", "parked", "--gateway", system.Gateway, "--api-key", CliSystem.AdminApiKey + "x");

        Assert.Equal((ExitCodes.Error, KeyRefused, ""), (result.ExitCode, result.Error, result.Output));
    }

    [Fact]
    public async Task AMissingKeyIsRefusedWithWhereToSetIt()
    {
        var result = await CliRunner.RunAsync("records", "retry", "--parked", "--gateway", system.Gateway);

        Assert.Equal((ExitCodes.Error, KeyRefused), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task GatewayAndKeyComeFromTheEnvironmentWhenNotGiven()
    {
        var settings = CliRunner.Settings(new Dictionary<string, string>
        {
            ["CRMSYNC_GATEWAY"] = system.Gateway,
            ["CRMSYNC_API_KEY"] = CliSystem.AdminApiKey,
        });

        var result = await CliRunner.RunAsync(settings, "records", "parked");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
    }

    [Fact]
    public async Task TheApiKeyOptionWinsOverCrmsyncApiKey()
    {
        var settings = CliRunner.Settings(new Dictionary<string, string> { ["CRMSYNC_API_KEY"] = "not-the-key" });

        var result = await CliRunner.RunAsync(settings, "records", "parked", "--gateway", system.Gateway, "--api-key", CliSystem.AdminApiKey);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
    }
}
