namespace CrmSync.Cli;

/// <summary>A failure crmsync explains in one sentence (<see cref="Exception.Message"/>) and ends with <see cref="ExitCode"/>.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
