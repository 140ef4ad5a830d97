namespace CrmSync.Cli.Tests.Support;

/// <summary>What one run of crmsync printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Output}stderr:{Environment.NewLine}{Error}";
}

/// <summary>Runs crmsync in-process, as Program.cs does, with writers and an environment of the test's own.</summary>
public static class CliRunner
{
    /// <summary>No environment: a developer's CRMSYNC_GATEWAY or CRMSYNC_API_KEY must not reach the tests.</summary>
    public static CliSettings Settings(IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        Environment = name => environment?.GetValueOrDefault(name),
        PollInterval = TimeSpan.FromMilliseconds(100),
    };

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(Settings(), args);

    public static Task<CliResult> RunAsync(CliSettings settings, params string[] args) => RunAsync(settings, args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(CliSettings settings, string[] args, CancellationToken cancellation)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CrmSyncCli.RunAsync(args, output, error, settings, cancellation);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A gateway URL on a loopback port nothing listens on.</summary>
    public static string UnreachableGateway() => $"http://127.0.0.1:{Ports.Free(1)[0]}";
}
