namespace CrmSync.Testing.Processes;

/// <summary>How to start one resource's process and how to tell that it is ready.</summary>
/// <param name="Environment">The child's environment, over the one Aspire's orchestrator passes on (this process's).</param>
/// <param name="HealthUrl">Answers 200 once the resource is ready; null when starting is enough.</param>
public sealed record ResourceSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    Uri? HealthUrl = null)
{
    /// <summary>Loopback ports the process will listen on; checked free before it starts.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];
}
