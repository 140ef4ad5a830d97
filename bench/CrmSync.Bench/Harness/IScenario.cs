using CrmSync.Testing.Processes;

namespace CrmSync.Bench.Harness;

/// <summary>One benchmark: what it sets up, what load it drives, what it measures against which target.</summary>
public interface IScenario
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures, in one line.</summary>
    string Title { get; }

    /// <summary>Environment variables for the resources when the harness starts the system itself.</summary>
    IReadOnlyDictionary<string, string> Settings(bool quick) => new Dictionary<string, string>();

    /// <summary>Whether the system starts with the CRM simulator, as <c>--demo</c> starts it; only a started system can.</summary>
    bool WithCrm => false;

    /// <summary>Settings that name the CRM simulator's URL, known once its port is chosen.</summary>
    IReadOnlyDictionary<string, string> CrmSettings(Uri crm) => new Dictionary<string, string>();

    /// <summary>Processes of the scenario's own, started after the system's.</summary>
    IEnumerable<IResource> MoreResources() => [];

    /// <summary>When the harness starts the system: that many silos on a redis-server of their own, or 0 for one silo on SQLite.</summary>
    int SilosOnRedis => 0;

    /// <summary>Drives the load and fills <paramref name="result"/> with tables, target checks and notes.</summary>
    Task RunAsync(BenchRun run, ScenarioResult result, CancellationToken cancellationToken);
}
