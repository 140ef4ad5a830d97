using System.Reflection;

namespace CrmSync.Testing.Processes;

/// <summary>
/// Where each resource's built assembly is, as this project's build recorded it for its own Configuration and
/// TargetFramework (see the AddProjectResourceMetadata target in the csproj).
/// </summary>
public static class ProjectPaths
{
    private static readonly Dictionary<string, string?> Metadata = typeof(ProjectPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .ToDictionary(attribute => attribute.Key, attribute => attribute.Value);

    public static string DataverseEmulator => Get("ProjectResource:CrmSync.DataverseEmulator");

    public static string Silo => Get("ProjectResource:CrmSync.Silo");

    public static string Gateway => Get("ProjectResource:CrmSync.Gateway");

    public static string CrmSimulator => Get("ProjectResource:CrmSync.CrmSimulator");

    /// <summary>The directory that holds CrmSync.sln.</summary>
    public static string RepositoryRoot => Get("RepositoryRoot");

    private static string Get(string key) =>
        Metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new InvalidOperationException($"CrmSync.Testing was built without the '{key}' metadata; rebuild it with dotnet build.");
}
