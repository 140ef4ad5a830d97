namespace CrmSync.Testing.Processes;

/// <summary>
/// Refuses to start a resource whose port is taken: otherwise a stale process on that port could answer the
/// health probe in its place while the new one fails to bind.
/// </summary>
internal static class PortCheck
{
    public static void EnsureFree(ResourceSpec spec)
    {
        foreach (var port in spec.Ports.Where(port => !Ports.IsFree(port)))
        {
            throw new ResourceFailedException(
                spec.Name,
                $"Port {port}, which resource '{spec.Name}' needs, is already in use: stop whatever holds it, or choose another port.",
                []);
        }
    }
}
