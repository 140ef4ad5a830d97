namespace CrmSync.Testing.Processes;

/// <summary>A resource the AppHost starts: a .NET project (<see cref="ProjectResource"/>) or a program on PATH (<see cref="ExecutableResource"/>).</summary>
public interface IResource
{
    string Name { get; }

    /// <summary>Fails, saying what to do, when the resource cannot start: a project that has not been built, a program that is not installed.</summary>
    void EnsureBuilt();

    /// <summary>The process to start, wired to the <paramref name="others"/> and given the AppHost's environment.</summary>
    ResourceSpec ToSpec(string environmentName, IEnumerable<IResource> others, IReadOnlyDictionary<string, string> appHostEnvironment);
}
