namespace CrmSync.AppHost;

/// <summary>
/// <c>--demo</c>: the CRM simulator as a resource, and a <c>Rest</c> source named <c>demo</c> that reads it - accounts
/// with HubSpot-style cursors, contacts with Salesforce-style next-record URLs - configured through settings alone, as a
/// user configures any REST CRM. Start its initial sync with <c>crmsync sync start demo account</c>.
/// </summary>
public static class DemoSource
{
    public const string Name = "demo";
    public const string Simulator = "crm";

    public static ProjectResource Resource(AppHostOptions options) => new(Simulator, ProjectPaths.CrmSimulator, Url(options))
    {
        Environment = new Dictionary<string, string>
        {
            ["Simulator__Accounts"] = $"{options.DemoAccounts}",
            ["Simulator__Contacts"] = $"{options.DemoAccounts * 2}",
        },
    };

    /// <summary>
    /// The source's settings, for the silos (which read the CRM) and the gateway (which takes its webhooks, signed with
    /// the same secret as the generic source's).
    /// </summary>
    public static Dictionary<string, string> Settings(AppHostOptions options)
    {
        const string source = $"CrmSync__Sources__{Name}__";
        const string account = $"{source}Entities__account__";
        const string contact = $"{source}Entities__contact__";
        return new Dictionary<string, string>
        {
            [$"{source}Kind"] = "Rest",
            [$"{source}BaseUrl"] = Url(options),
            [$"{source}SourceCrmValue"] = $"{CrmSyncResources.OtherSourceCrmValue}",
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

    private static string Url(AppHostOptions options) => $"http://127.0.0.1:{options.CrmSimulatorPort}";
}
