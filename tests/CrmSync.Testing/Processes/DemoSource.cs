using CrmSync.Hosting;

namespace CrmSync.Testing.Processes;

/// <summary>
/// <c>--demo</c>: the CRM simulator as a process, and the REST source <c>demo</c> that reads it, with the AppHost's own
/// settings (<see cref="SourceSettings.Demo"/>).
/// </summary>
public static class DemoSource
{
    public const string Name = SourceSettings.DemoSource;
    public const string Simulator = "crm";

    public static ProjectResource Resource(SystemOptions options) => new(Simulator, ProjectPaths.CrmSimulator, Url(options))
    {
        Environment = new Dictionary<string, string>
        {
            ["Simulator__Accounts"] = $"{options.DemoAccounts}",
            ["Simulator__Contacts"] = $"{options.DemoAccounts * 2}",
        },
    };

    /// <summary>For the silos (which read the CRM) and the gateway (which takes its webhooks).</summary>
    public static Dictionary<string, string> Settings(SystemOptions options) =>
        new(SourceSettings.Demo()) { [SourceSettings.DemoBaseUrlVariable] = Url(options) };

    private static string Url(SystemOptions options) => $"http://127.0.0.1:{options.CrmSimulatorPort}";
}
