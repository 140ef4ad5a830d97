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

    /// <summary><c>--demo</c>: the simulator's ServiceNow Table API and Salesforce REST API, as sources of those kinds.</summary>
    public const string DemoServiceNowSource = "servicenow";

    public const string DemoSalesforceSource = "salesforce";

    /// <summary>
    /// The <c>servicenow</c> and <c>salesforce</c> demo sources, from settings alone as their admins would set them (the
    /// simulator's ServiceNow takes any credentials, its Salesforce the connected app's defaults); without the CRM's URL, which goes in <see cref="DemoCrmUrlVariables"/>.
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
    };

    /// <summary>The settings that take the CRM simulator's URL, one per demo source.</summary>
    public static readonly string[] DemoCrmUrlVariables =
    [
        DemoBaseUrlVariable,
        $"CrmSync__Sources__{DemoServiceNowSource}__Instance",
        $"CrmSync__Sources__{DemoSalesforceSource}__InstanceUrl",
    ];

    /// <summary>The demo sources that take webhooks signed with the generic source's secret.</summary>
    public static readonly string[] DemoWebhookSources = [DemoSource, DemoServiceNowSource, DemoSalesforceSource];

    /// <summary>The environment variable that holds a source's webhook secret.</summary>
    public static string SecretVariable(string source) => $"CrmSync__Sources__{source}__Secret";
}
