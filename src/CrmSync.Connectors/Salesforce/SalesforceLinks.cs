namespace CrmSync.Connectors.Salesforce;

/// <summary>The Lightning record page, the seed's deep link for a Salesforce record.</summary>
public static class SalesforceLinks
{
    public static string Record(string instanceUrl, string entity, string id) =>
        $"{instanceUrl.TrimEnd('/')}/lightning/r/{SalesforceObjects.TypeOf(entity)}/{id}/view";
}
