namespace CrmSync.Cli.Tests;

public sealed class GatewayUnreachableTests
{
    [Theory]
    [InlineData("records", "parked")]
    [InlineData("records", "show", "generic", "account", "A-1")]
    [InlineData("records", "retry", "--parked")]
    [InlineData("sync", "start", "generic", "account", "--follow")]
    [InlineData("sync", "status")]
    [InlineData("sync", "cancel", "generic:account")]
    public async Task AGatewayNobodyListensOnIsNamedWithWhatToDo(params string[] args)
    {
        var gateway = CliRunner.UnreachableGateway();

        var result = await CliRunner.RunAsync([.. args, "--gateway", gateway]);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Equal(
            $"Cannot reach the CrmSync gateway at {gateway} (connection refused); is it running? Point --gateway or CRMSYNC_GATEWAY at it.{Environment.NewLine}",
            result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task TheGatewayComesFromCrmsyncGatewayWhenNotGiven()
    {
        var gateway = CliRunner.UnreachableGateway();

        var result = await CliRunner.RunAsync(CliRunner.Settings(new Dictionary<string, string> { ["CRMSYNC_GATEWAY"] = gateway }), "records", "parked");

        Assert.Contains($"at {gateway} (connection refused)", result.Error);
    }

    [Fact]
    public async Task TheGatewayOptionWinsOverCrmsyncGateway()
    {
        var given = CliRunner.UnreachableGateway();
        var settings = CliRunner.Settings(new Dictionary<string, string> { ["CRMSYNC_GATEWAY"] = "http://127.0.0.1:1" });

        var result = await CliRunner.RunAsync(settings, "records", "parked", "--gateway", given);

        Assert.Contains($"at {given} (connection refused)", result.Error);
    }
}
