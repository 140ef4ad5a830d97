namespace CrmSync.Connectors.Salesforce;

/// <summary>The default mapping of a Salesforce source (issue 10); <c>Mapping:{entity}:{column}</c> settings change it.</summary>
public static class SalesforceMapping
{
    public static readonly KindMapping Default = new(SourceKind.Salesforce, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string>
        {
            ["name"] = "Name",
            ["telephone1"] = "Phone",
            ["websiteurl"] = "Website",
            ["accountnumber"] = "AccountNumber",
            ["address1_line1"] = "BillingStreet",
            ["address1_city"] = "BillingCity",
            ["address1_postalcode"] = "BillingPostalCode",
            ["address1_country"] = "BillingCountry",
        },
        [Entities.Contact] = new Dictionary<string, string>
        {
            ["firstname"] = "FirstName",
            ["lastname"] = "LastName",
            ["emailaddress1"] = "Email",
            ["telephone1"] = "Phone",
            ["mobilephone"] = "MobilePhone",
            ["jobtitle"] = "Title",
            [FieldMapping.ParentColumn] = "AccountId",
        },
    });
}
