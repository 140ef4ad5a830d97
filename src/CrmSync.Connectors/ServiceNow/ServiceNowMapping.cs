namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// The default mapping of ServiceNow's CSM fields to Dataverse columns; a source changes it under
/// <c>Mapping:{entity}:{column}</c>. <c>parentcustomerid</c> names the contact's account reference.
/// </summary>
public static class ServiceNowMapping
{
    public static readonly KindMapping Defaults = new(SourceKind.ServiceNow, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string>
        {
            ["name"] = "name",
            ["telephone1"] = "phone",
            ["address1_city"] = "city",
            ["address1_postalcode"] = "zip",
            ["address1_line1"] = "street",
            ["address1_country"] = "country",
            ["websiteurl"] = "website",
        },
        [Entities.Contact] = new Dictionary<string, string>
        {
            ["firstname"] = "first_name",
            ["lastname"] = "last_name",
            ["emailaddress1"] = "email",
            ["telephone1"] = "phone",
            ["mobilephone"] = "mobile_phone",
            ["jobtitle"] = "title",
            [FieldMapping.ParentColumn] = "account",
        },
    });
}
