namespace CrmSync.Connectors.HubSpot;

/// <summary>A HubSpot source's own settings, under <c>CrmSync:Sources:{name}</c> beside its Kind.</summary>
public sealed class HubSpotSourceOptions
{
    public const string DefaultBaseUrl = "https://api.hubapi.com";

    /// <summary>A private app's access token, sent as a bearer token to the CRM API. From the environment or user secrets only.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The app's client secret, which keys the X-HubSpot-Signature-v3 of its webhooks. Without it the source is pull-only.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The HubSpot account (hub) id, for the records' deep links.</summary>
    public string? PortalId { get; set; }

    /// <summary>The CRM API's root; only tests change it.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The UI's root for deep links; EU accounts use https://app-eu1.hubspot.com.</summary>
    public string AppUrl { get; set; } = "https://app.hubspot.com";
}
