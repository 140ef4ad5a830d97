namespace CrmSync.AppHost.Tests.Support;

/// <summary>Tests that start real processes run one at a time, so timings hold and one test's clean-up cannot touch another's children.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "processes";
}
