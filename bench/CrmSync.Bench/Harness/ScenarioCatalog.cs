using CrmSync.Bench.Scenarios;
using CrmSync.Bench.Scenarios.Fuzz;

namespace CrmSync.Bench.Harness;

/// <summary>Every scenario the harness runs, in the order <c>all</c> runs them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new IngestScenario(),
        new LagScenario(),
        new DataverseScenario(),
        new OrderingScenario(),
        new InitialSyncScenario(),
        new MemoryScenario(),
        new OverloadScenario(),
        new FuzzScenario(),
        new SoakScenario(),
    ];

    public static IReadOnlyCollection<string> Names { get; } = [.. All.Select(scenario => scenario.Name)];
}
