namespace CrmSync.Testing.Processes;

public static class ProjectResourceExtensions
{
    /// <summary>Every resource's spec, each wired to all the others.</summary>
    public static IReadOnlyList<ResourceSpec> ToSpecs<TResource>(
        this IReadOnlyList<TResource> resources,
        string environmentName,
        IReadOnlyDictionary<string, string> appHostEnvironment)
        where TResource : IResource =>
        [.. resources.Select(resource => resource.ToSpec(environmentName, resources.Cast<IResource>(), appHostEnvironment))];
}
