namespace CrmSync.Cli.Tests;

/// <summary>Command lines crmsync cannot run print what is wrong and the usage, exit 64, and never call the gateway.</summary>
public sealed class UsageTests
{
    private static readonly string Unreachable = CliRunner.UnreachableGateway();

    [Theory]
    [InlineData("Required command was not provided.")]
    [InlineData("Unrecognized command or argument 'bogus'.", "bogus")]
    [InlineData("Required command was not provided.", "sync")]
    [InlineData("Unrecognized command or argument 'frobnicate'.", "records", "frobnicate")]
    [InlineData("Required argument 'entity' missing for command: 'start'.", "sync", "start", "generic")]
    [InlineData("Required argument 'job-id' missing for command: 'cancel'.", "sync", "cancel")]
    [InlineData("Required argument 'id' missing for command: 'show'.", "records", "show", "generic", "account")]
    [InlineData("Say which record to retry: <source> <entity> <id>, or --parked for every parked record.", "records", "retry")]
    [InlineData("Say which record to retry: <source> <entity> <id>, or --parked for every parked record.", "records", "retry", "generic", "account")]
    [InlineData("Give either --parked or a record's <source> <entity> <id>, not both.", "records", "retry", "generic", "account", "A-1", "--parked")]
    [InlineData("--limit must be 1 or more.", "records", "parked", "--limit", "0")]
    [InlineData("Cannot parse argument 'many' for option '--limit' as expected type 'System.Int32'.", "records", "parked", "--limit", "many")]
    public async Task AnUnknownCommandOrMissingArgumentPrintsWhatIsWrongAndUsageAndExits64(string problem, params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--gateway", Unreachable]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(problem, result.Error);
        Assert.Contains("Usage:", result.Error);
        Assert.DoesNotContain("Cannot reach", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("crmsync [command] [options]", "--help")]
    [InlineData("crmsync sync [command] [options]", "sync", "--help")]
    [InlineData("crmsync sync start <source> <entity> [options]", "sync", "start", "--help")]
    [InlineData("crmsync sync status [<job-id>] [options]", "sync", "status", "-h")]
    [InlineData("crmsync sync cancel <job-id> [options]", "sync", "cancel", "--help")]
    [InlineData("crmsync records [command] [options]", "records", "--help")]
    [InlineData("crmsync records parked [options]", "records", "parked", "--help")]
    [InlineData("crmsync records show <source> <entity> <id> [options]", "records", "show", "--help")]
    [InlineData("crmsync records retry [<source> [<entity> [<id>]]] [options]", "records", "retry", "--help")]
    [InlineData("crmsync poll status [<source>] [options]", "poll", "status", "--help")]
    public async Task HelpWorksOnEveryCommandAndNamesTheGlobalOptions(string usage, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(usage, result.Output);
        Assert.Contains("--gateway <url>", result.Output);
        Assert.Contains("--api-key <key>", result.Output);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1:5080")]
    public async Task AGatewayThatIsNotAnHttpUrlIsAUsageError(string gateway)
    {
        var result = await CliRunner.RunAsync("records", "parked", "--gateway", gateway);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"The gateway URL '{gateway}' is not an http:// or https:// URL; pass one with --gateway or CRMSYNC_GATEWAY, e.g. http://127.0.0.1:5080.{Environment.NewLine}", result.Error);
    }
}
