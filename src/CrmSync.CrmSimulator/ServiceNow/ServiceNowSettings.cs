namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>The <c>Simulator:ServiceNow</c> section: the OAuth client /oauth_token.do knows, and the instance's name.</summary>
public sealed class ServiceNowSettings
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 1799;

    /// <summary>gs.getProperty('instance_name'): the value of Microsoft's calculated u_base_url field in their create bodies.</summary>
    public string InstanceName { get; set; } = "simulator";
}
