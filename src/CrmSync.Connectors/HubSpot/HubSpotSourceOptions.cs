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

    /// <summary>A poll also pages through the archived (deleted) records for those archived since its watermark.</summary>
    public bool PollDeletes { get; set; } = true;

    /// <summary>The records a poll's search page asks for; HubSpot's search takes up to 200.</summary>
    public int SearchPageSize { get; set; } = 200;

    /// <summary>How many results one search pages through before HubSpot refuses (10,000); only tests change it.</summary>
    public int SearchResultLimit { get; set; } = 10_000;

    /// <summary>The UI's root for deep links; EU accounts use https://app-eu1.hubspot.com.</summary>
    public string AppUrl { get; set; } = "https://app.hubspot.com";
}
