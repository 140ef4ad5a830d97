namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>The <c>Simulator:Salesforce</c> section: the connected app, the org, and where notifications go.</summary>
public sealed class SalesforceSimulatorOptions
{
    public const string SectionName = "Simulator:Salesforce";

    /// <summary>The connected app's consumer key and secret that <c>/services/oauth2/token</c> accepts.</summary>
    public string ClientId { get; set; } = "crmsync-client";

    public string ClientSecret { get; set; } = "crmsync-secret";

    /// <summary>A token is refused this long after it was issued, so a client must get a new one on the 401.</summary>
    public int TokenLifetimeSeconds { get; set; } = 7200;

    /// <summary>The org's 18-character id, carried by every Outbound Message.</summary>
    public string OrganizationId { get; set; } = "00D5g000004XyZaEAK";

    /// <summary>Where notifications are posted when a change request names no target, e.g. http://127.0.0.1:5080/webhooks/salesforce.</summary>
    public string? WebhookTarget { get; set; }

    /// <summary>The whsec_ secret the Apex-format notifications are signed with when a change request names none.</summary>
    public string? WebhookSecret { get; set; }
}
