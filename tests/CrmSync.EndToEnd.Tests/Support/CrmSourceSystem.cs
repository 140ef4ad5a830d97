namespace CrmSync.EndToEnd.Tests.Support;

/// <summary>
/// A system with the CRM simulator (as <c>--demo</c> starts it) and the given sources pointed at it, started once for
/// the test class that uses it. Settings may name the simulator's root, known once its port is chosen, as <see cref="CrmUrl"/>.
/// </summary>
public abstract class CrmSourceSystem : IAsyncLifetime
{
    public const string CrmUrl = "{crmUrl}";

    private CrmSyncSystem? system;

    public CrmSyncSystem System => system ?? throw new InvalidOperationException("The system has not been started.");

    public SimulatedCrm Crm { get; private set; } = null!;

    protected abstract IReadOnlyDictionary<string, string> Settings { get; }

    public async Task InitializeAsync()
    {
        system = await CrmSyncSystem.StartAsync(Settings.Where(s => !s.Value.Contains(CrmUrl)).ToDictionary(), demo: true, crmSettings: url =>
            Settings.Where(s => s.Value.Contains(CrmUrl)).ToDictionary(s => s.Key, s => s.Value.Replace(CrmUrl, url.ToString().TrimEnd('/'), StringComparison.Ordinal)));
        Crm = new SimulatedCrm(system.CrmUrl, system.GatewayUrl);
    }

    public async Task DisposeAsync()
    {
        Crm?.Dispose();
        if (system is not null)
        {
            await system.DisposeAsync();
        }
    }

    /// <summary>A Zendesk source on the simulator's /zendesk API.</summary>
    public static Dictionary<string, string> Zendesk(string source, string secret) => new()
    {
        [$"CrmSync__Sources__{source}__Kind"] = "Zendesk",
        [$"CrmSync__Sources__{source}__Secret"] = secret,
        [$"CrmSync__Sources__{source}__BaseUrl"] = $"{CrmUrl}/zendesk",
        [$"CrmSync__Sources__{source}__Subdomain"] = "acme",
        [$"CrmSync__Sources__{source}__Email"] = ZendeskAgent.Email,
        [$"CrmSync__Sources__{source}__ApiToken"] = ZendeskAgent.ApiToken,
    };

    /// <summary>A Pipedrive source on the simulator's /pipedrive API.</summary>
    public static Dictionary<string, string> Pipedrive(string source, string username, string password) => new()
    {
        [$"CrmSync__Sources__{source}__Kind"] = "Pipedrive",
        [$"CrmSync__Sources__{source}__BaseUrl"] = $"{CrmUrl}/pipedrive",
        [$"CrmSync__Sources__{source}__CompanyDomain"] = "acme",
        [$"CrmSync__Sources__{source}__ApiToken"] = PipedriveUser.ApiToken,
        [$"CrmSync__Sources__{source}__WebhookUsername"] = username,
        [$"CrmSync__Sources__{source}__WebhookPassword"] = password,
    };
}

public static class ZendeskAgent
{
    public const string Email = "agent@example.com";
    public const string ApiToken = "zendesk-api-token";

    /// <summary>The simulator's credentials as Zendesk checks an API token: Basic {email}/token:{token}.</summary>
    public static Dictionary<string, string> SimulatorAuth => new()
    {
        ["Simulator__Auth__Type"] = "Basic",
        ["Simulator__Auth__Username"] = $"{Email}/token",
        ["Simulator__Auth__Password"] = ApiToken,
    };
}

public static class PipedriveUser
{
    public const string ApiToken = "pipedrive-api-token";

    public static Dictionary<string, string> SimulatorAuth => new()
    {
        ["Simulator__Auth__Type"] = "ApiKey",
        ["Simulator__Auth__Header"] = "x-api-token",
        ["Simulator__Auth__Value"] = ApiToken,
    };
}
