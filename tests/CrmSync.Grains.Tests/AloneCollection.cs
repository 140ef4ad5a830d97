namespace CrmSync.Grains.Tests;

/// <summary>
/// Tests that read process-wide figures (meters, the managed heap's size) run alone, after the rest: another class's
/// records would move the same instruments and allocate on the same heap.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
