namespace CrmSync.Testing.Processes;

/// <summary>
/// A program found on PATH (Aspire's executable resource), run in the AppHost's environment from its working directory,
/// which it creates; ready once <see cref="ReadinessUrl"/> answers (<c>redis://</c>: a PING).
/// </summary>
/// <param name="Command">The program's name, looked up on the AppHost's PATH.</param>
/// <param name="InstallHint">How to install it, e.g. <c>sudo apt-get install redis-server</c>.</param>
public sealed record ExecutableResource(
    string Name,
    string Command,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    Uri ReadinessUrl,
    string InstallHint) : IResource
{
    public IReadOnlyList<int> Ports { get; init; } = [];

    public ResourceSpec ToSpec(string environmentName, IEnumerable<IResource> others, IReadOnlyDictionary<string, string> appHostEnvironment)
    {
        var path = appHostEnvironment.FirstOrDefault(variable => variable.Key.Equals("PATH", StringComparison.OrdinalIgnoreCase)).Value;
        var environment = new Dictionary<string, string>(appHostEnvironment, StringComparer.OrdinalIgnoreCase);
        var program = Find(Command, path) ?? Command;
        return new ResourceSpec(Name, program, Arguments, WorkingDirectory, environment, ReadinessUrl) { Ports = Ports };
    }

    public void EnsureBuilt()
    {
        if (Find(Command, Environment.GetEnvironmentVariable("PATH")) is null)
        {
            throw new ResourceFailedException(
                Name,
                $"Resource '{Name}' needs {Command}, which is not on PATH: install it ({InstallHint}) and run again.",
                []);
        }

        Directory.CreateDirectory(WorkingDirectory);
    }

    private static string? Find(string program, string? pathVariable) =>
        (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
