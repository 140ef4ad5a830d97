using CrmSync.Dataverse;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>A Dynamics 365 / Dataverse source's own settings, under <c>CrmSync:Sources:{name}</c> beside its Kind.</summary>
public sealed class Dynamics365SourceOptions
{
    /// <summary>
    /// The organisation and its application user, in the same format as CrmSync's own Dataverse connection:
    /// <c>AuthType=ClientSecret;Url=https://org.crm.dynamics.com;ClientId=…;ClientSecret=…;TenantId=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>WebhookKey authentication: the key the service endpoint sends as <c>?code=</c>.</summary>
    public string? WebhookKey { get; set; }

    /// <summary>HttpHeader authentication: the header's name and value the service endpoint sends.</summary>
    public string? WebhookHeaderName { get; set; }

    public string? WebhookHeaderValue { get; set; }

    /// <summary>Rows per page of the initial sync (<c>Prefer: odata.maxpagesize</c>); Dataverse's maximum is 5,000.</summary>
    public int PageSize { get; set; } = 5000;

    public DataverseConnection Connection => DataverseConnection.Parse(ConnectionString);
}
