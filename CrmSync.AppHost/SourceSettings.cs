namespace CrmSync.Hosting;

/// <summary>
/// The webhook sources the AppHost configures, as environment variables of the silos (which read a source's CRM) and
/// the gateway (which checks its webhooks). Shared as source with the test harness (tests/CrmSync.Testing), which runs
/// the same processes with the same settings.
/// </summary>
public static class SourceSettings
{
    /// <summary>The webhook source configured by default.</summary>
    public const string GenericSource = "generic";

    /// <summary><c>--demo</c>: a REST source that reads the CRM simulator.</summary>
    public const string DemoSource = "demo";

    /// <summary>The msdyn_source_crm option labelled Other in the emulator.</summary>
    public const int OtherSourceCrmValue = 192350004;

    public static Dictionary<string, string> Generic() => new()
    {
        [$"CrmSync__Sources__{GenericSource}__Kind"] = "Generic",
        [$"CrmSync__Sources__{GenericSource}__SourceCrmValue"] = $"{OtherSourceCrmValue}",
    };

    /// <summary>
    /// The <c>demo</c> source: accounts with HubSpot-style cursors, contacts with Salesforce-style next-record URLs,
    /// configured through settings alone, as a user configures any REST CRM.
    /// </summary>
    /// <remarks>Without the CRM's URL, which goes in <see cref="DemoBaseUrlVariable"/>.</remarks>
    public static Dictionary<string, string> Demo()
    {
        const string source = $"CrmSync__Sources__{DemoSource}__";
        const string account = $"{source}Entities__account__";
        const string contact = $"{source}Entities__contact__";
        return new Dictionary<string, string>
        {
            [$"{source}Kind"] = "Rest",
            [$"{source}SourceCrmValue"] = $"{OtherSourceCrmValue}",
            [$"{account}Path"] = "api/cursor/accounts",
            [$"{account}Records"] = "results",
            [$"{account}Paging__Style"] = "Cursor",
            [$"{account}Paging__PageSize"] = "500",
            [$"{account}Paging__PageSizeParam"] = "limit",
            [$"{account}Paging__CursorParam"] = "after",
            [$"{account}Paging__CursorPath"] = "paging.next.after",
            [$"{account}Id"] = "id",
            [$"{account}Version"] = "version",
            [$"{account}Url"] = "url",
            [$"{account}Fields__name"] = "name",
            [$"{account}Fields__telephone1"] = "telephone",
            [$"{account}Fields__emailaddress1"] = "email",
            [$"{account}Fields__websiteurl"] = "website",
            [$"{contact}Path"] = "api/nexturl/contacts",
            [$"{contact}Records"] = "records",
            [$"{contact}Paging__Style"] = "NextUrl",
            [$"{contact}Paging__PageSize"] = "500",
            [$"{contact}Paging__PageSizeParam"] = "pageSize",
            [$"{contact}Paging__NextUrlPath"] = "nextRecordsUrl",
            [$"{contact}Paging__TotalPath"] = "totalSize",
            [$"{contact}Id"] = "id",
            [$"{contact}Version"] = "version",
            [$"{contact}Url"] = "url",
            [$"{contact}ParentAccountId"] = "accountId",
            [$"{contact}Fields__firstname"] = "firstName",
            [$"{contact}Fields__lastname"] = "lastName",
            [$"{contact}Fields__emailaddress1"] = "email",
            [$"{contact}Fields__telephone1"] = "phone",
        };
    }

    public const string DemoBaseUrlVariable = $"CrmSync__Sources__{DemoSource}__BaseUrl";

    /// <summary><c>--demo</c>: the simulator's ServiceNow, Salesforce, Zendesk, HubSpot and Pipedrive APIs, as sources of those kinds.</summary>
    public const string DemoServiceNowSource = "servicenow";

    public const string DemoSalesforceSource = "salesforce";

    public const string DemoZendeskSource = "zendesk";

    public const string DemoHubSpotSource = "hubspot";

    public const string DemoPipedriveSource = "pipedrive";

    /// <summary><c>--demo</c>: a second Dataverse emulator as a Dynamics 365 organisation, which posts its webhooks to the gateway.</summary>
    public const string DemoDynamics365Source = "dynamics365";

    /// <summary>
    /// The simulator-backed demo sources, from settings alone as their admins would set them (the simulator takes any
    /// credentials, its Salesforce the connected app's defaults); without the CRM's URL, which goes in
    /// <see cref="DemoCrmUrlVariables"/>, and without webhook credentials, which only the gateway gets.
    /// </summary>
    public static Dictionary<string, string> DemoCrms() => new()
    {
        [$"CrmSync__Sources__{DemoServiceNowSource}__Kind"] = "ServiceNow",
        [$"CrmSync__Sources__{DemoServiceNowSource}__Auth__Username"] = "demo",
        [$"CrmSync__Sources__{DemoServiceNowSource}__Auth__Password"] = "demo",
        [$"CrmSync__Sources__{DemoSalesforceSource}__Kind"] = "Salesforce",
        [$"CrmSync__Sources__{DemoSalesforceSource}__ClientId"] = "crmsync-client",
        [$"CrmSync__Sources__{DemoSalesforceSource}__ClientSecret"] = "crmsync-secret",
        // The simulated org's id, so that its Outbound Messages are taken too.
        [$"CrmSync__Sources__{DemoSalesforceSource}__OrganizationId"] = "00D5g000004XyZaEAK",
        [$"CrmSync__Sources__{DemoZendeskSource}__Kind"] = "Zendesk",
        [$"CrmSync__Sources__{DemoZendeskSource}__Subdomain"] = "demo",
        [$"CrmSync__Sources__{DemoZendeskSource}__Email"] = "agent@example.com",
        [$"CrmSync__Sources__{DemoZendeskSource}__ApiToken"] = "demo",
        [$"CrmSync__Sources__{DemoHubSpotSource}__Kind"] = "HubSpot",
        [$"CrmSync__Sources__{DemoHubSpotSource}__AccessToken"] = "demo",
        // The portal the simulator's webhooks name by default, used in the records' links.
        [$"CrmSync__Sources__{DemoHubSpotSource}__PortalId"] = "62515",
        [$"CrmSync__Sources__{DemoPipedriveSource}__Kind"] = "Pipedrive",
        [$"CrmSync__Sources__{DemoPipedriveSource}__CompanyDomain"] = "demo",
        [$"CrmSync__Sources__{DemoPipedriveSource}__ApiToken"] = "demo",
        [$"CrmSync__Sources__{DemoDynamics365Source}__Kind"] = "Dynamics365",
    };

    /// <summary>The settings that take the CRM simulator's URL, each with the path of that CRM's API on it.</summary>
    public static readonly (string Variable, string Path)[] DemoCrmUrlVariables =
    [
        (DemoBaseUrlVariable, ""),
        ($"CrmSync__Sources__{DemoServiceNowSource}__Instance", ""),
        ($"CrmSync__Sources__{DemoSalesforceSource}__InstanceUrl", ""),
        ($"CrmSync__Sources__{DemoZendeskSource}__BaseUrl", "/zendesk"),
        ($"CrmSync__Sources__{DemoHubSpotSource}__BaseUrl", ""),
        ($"CrmSync__Sources__{DemoPipedriveSource}__BaseUrl", "/pipedrive"),
    ];

    /// <summary>The Dynamics 365 demo source's connection string, but for the organisation's URL (its emulator needs no token).</summary>
    public const string DemoDynamics365ConnectionVariable = $"CrmSync__Sources__{DemoDynamics365Source}__ConnectionString";

    /// <summary>The gateway's settings that hold the demo sources' webhook credentials: each is the generic source's secret.</summary>
    public static readonly string[] DemoWebhookSecretVariables =
    [
        SecretVariable(DemoSource),
        SecretVariable(DemoServiceNowSource),
        SecretVariable(DemoSalesforceSource),
        SecretVariable(DemoZendeskSource),
        $"CrmSync__Sources__{DemoHubSpotSource}__ClientSecret",
        $"CrmSync__Sources__{DemoPipedriveSource}__WebhookPassword",
        $"CrmSync__Sources__{DemoDynamics365Source}__WebhookKey",
    ];

    /// <summary>Webhook settings for the gateway alone: Pipedrive's username goes with the password only the gateway has.</summary>
    public static Dictionary<string, string> DemoWebhookSettings() => new()
    {
        [$"CrmSync__Sources__{DemoPipedriveSource}__WebhookUsername"] = "crmsync",
    };

    /// <summary>The environment variable that holds a source's webhook secret.</summary>
    public static string SecretVariable(string source) => $"CrmSync__Sources__{source}__Secret";
}
