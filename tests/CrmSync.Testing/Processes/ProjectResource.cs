using System.Collections.Frozen;

namespace CrmSync.Testing.Processes;

/// <summary>
/// A .NET project run from its build output (<c>dotnet &lt;assembly&gt;</c> in its output directory, so it finds its
/// appsettings.json), given the environment Aspire gives a project resource.
/// </summary>
/// <param name="Url">The resource's HTTP endpoint, e.g. <c>http://127.0.0.1:5080</c>; also where <c>/health</c> is.</param>
public sealed record ProjectResource(string Name, string AssemblyPath, string Url) : IResource
{
    /// <summary>
    /// Variables the AppHost's own environment cannot override, because one value cannot serve every resource
    /// (each listens on its own URL and is its own telemetry service), or because the AppHost decides them.
    /// </summary>
    public static readonly FrozenSet<string> OwnedVariables = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "ASPNETCORE_URLS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT");

    /// <summary>The resource's own settings (connection strings, Orleans endpoints…); the AppHost's environment overrides them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports it listens on besides its URL's (Orleans' silo and gateway ports).</summary>
    public IReadOnlyList<int> OtherPorts { get; init; } = [];

    public Uri HealthUrl => new($"{Url}/health");

    public string OutputDirectory => Path.GetDirectoryName(AssemblyPath) ?? ".";

    public void EnsureBuilt()
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new ResourceFailedException(
                Name,
                $"Resource '{Name}' has not been built: {AssemblyPath} does not exist. Build the AppHost, which builds its resources.",
                []);
        }
    }

    /// <summary>
    /// The process to start: this resource's settings, then <c>services__{name}__http__0</c> for every other resource
    /// (Aspire's service discovery), then the AppHost's whole environment passed through (its explicit settings win),
    /// then the <see cref="OwnedVariables"/>.
    /// </summary>
    public ResourceSpec ToSpec(string environmentName, IEnumerable<IResource> others, IReadOnlyDictionary<string, string> appHostEnvironment)
    {
        // Case-insensitive like .NET configuration, so an override spelled in other case replaces the default.
        var environment = new Dictionary<string, string>(Environment, StringComparer.OrdinalIgnoreCase);
        foreach (var other in others.OfType<ProjectResource>().Where(other => other.Name != Name))
        {
            environment[$"services__{other.Name}__http__0"] = other.Url;
        }

        foreach (var (name, value) in appHostEnvironment.Where(variable => !OwnedVariables.Contains(variable.Key)))
        {
            environment[name] = value;
        }

        environment["ASPNETCORE_URLS"] = Url;
        environment["OTEL_SERVICE_NAME"] = Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid()}";
        environment["DOTNET_ENVIRONMENT"] = environmentName;
        environment["ASPNETCORE_ENVIRONMENT"] = environmentName;

        return new ResourceSpec(Name, DotnetHost.Path, [AssemblyPath], OutputDirectory, environment, HealthUrl)
        {
            Ports = [new Uri(Url).Port, .. OtherPorts],
        };
    }
}
