namespace CrmSync.Cli;

/// <summary>
/// A failure crmsync explains in one sentence (<see cref="Exception.Message"/>) and ends with <see cref="ExitCode"/>.
/// <see cref="Transient"/> marks a gateway that could not be reached or said it is briefly unavailable (502, 503, 504):
/// a command that follows a job keeps trying through those, since the job goes on without it.
/// </summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Error, bool transient = false) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public bool Transient { get; } = transient;
}
