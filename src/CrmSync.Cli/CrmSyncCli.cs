using CrmSync.Cli.Commands;

namespace CrmSync.Cli;

/// <summary>crmsync, runnable in-process: Program.cs gives it the console, tests give it writers of their own.</summary>
public static class CrmSyncCli
{
    /// <summary>
    /// Runs one command line and returns its exit code (<see cref="ExitCodes"/>). A command line that does not parse
    /// prints what is wrong and the usage to <paramref name="error"/>; a failure prints one sentence there.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        CliSettings? settings = null,
        CancellationToken cancellation = default)
    {
        var cli = new CliContext(output, error, settings ?? new CliSettings());
        var parse = CliCommands.Build(cli).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The parse-error action prints the errors and the usage of the command they concern.
            await parse.InvokeAsync(Invocation(error, error), cancellation);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(Invocation(output, error), cancellation);
        }
        catch (CliException e)
        {
            error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Exceptions reach <see cref="RunAsync"/>, which says them in one sentence instead of a stack trace; Ctrl+C is handled by the caller.</summary>
    private static InvocationConfiguration Invocation(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    };
}
