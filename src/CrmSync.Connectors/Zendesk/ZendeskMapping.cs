namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// The default mapping of Zendesk's organizations (accounts) and users (contacts); a source changes it under
/// <c>Mapping:{entity}:{column}</c>. A user has one <c>name</c>, which becomes the contact's last name (the only name
/// Dataverse requires), and its default <c>organization_id</c> is the parent.
/// </summary>
public static class ZendeskMapping
{
    public static readonly KindMapping Defaults = new(SourceKind.Zendesk, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string>
        {
            ["name"] = "name",
            ["websiteurl"] = "domain_names[0]",
            ["description"] = "details",
            ["accountnumber"] = "external_id",
        },
        [Entities.Contact] = new Dictionary<string, string>
        {
            ["lastname"] = "name",
            ["emailaddress1"] = "email",
            ["telephone1"] = "phone",
            ["description"] = "notes",
            [FieldMapping.ParentColumn] = "organization_id",
        },
    });
}
