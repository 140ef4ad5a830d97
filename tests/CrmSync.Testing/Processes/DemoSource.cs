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

    /// <summary>
    /// The simulator-backed sources of <c>--demo</c> (ServiceNow, Salesforce, Zendesk, HubSpot, Pipedrive) with the
    /// AppHost's own settings, on the simulator at <paramref name="crmUrl"/>, each taking webhooks with <paramref name="secret"/>;
    /// without the REST source <see cref="Name"/> and the Dynamics 365 one, which a harness configures itself.
    /// </summary>
    public static Dictionary<string, string> CrmSources(string crmUrl, string secret) => new(
        SourceSettings.DemoCrms()
            .Concat(SourceSettings.DemoCrmUrlVariables.Select(url => KeyValuePair.Create(url.Variable, crmUrl + url.Path)))
            .Concat(SourceSettings.DemoWebhookSecretVariables.Select(variable => KeyValuePair.Create(variable, secret)))
            .Concat(SourceSettings.DemoWebhookSettings())
            .Where(setting => !setting.Key.Contains($"__{SourceSettings.DemoSource}__", StringComparison.Ordinal)
                && !setting.Key.Contains($"__{SourceSettings.DemoDynamics365Source}__", StringComparison.Ordinal)));

    private static string Url(SystemOptions options) => $"http://127.0.0.1:{options.CrmSimulatorPort}";
}
