namespace CrmSync.AppHost.Orchestration;

public static class ProjectResourceExtensions
{
    /// <summary>Every resource's spec, each wired to all the others.</summary>
    public static IReadOnlyList<ResourceSpec> ToSpecs(
        this IReadOnlyList<ProjectResource> resources,
        string environmentName,
        IReadOnlyDictionary<string, string> appHostEnvironment) =>
        [.. resources.Select(resource => resource.ToSpec(environmentName, resources, appHostEnvironment))];
}
