namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// The default mapping of Pipedrive's organizations (accounts) and persons (contacts), in API v2's shape, which
/// webhooks v2 share; a source changes it under <c>Mapping:{entity}:{column}</c>. A person's first e-mail and phone
/// are taken, and <c>org_id</c> is the parent.
/// </summary>
public static class PipedriveMapping
{
    public static readonly KindMapping Defaults = new(SourceKind.Pipedrive, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string>
        {
            ["name"] = "name",
            ["address1_line1"] = "address.value",
            ["address1_city"] = "address.locality",
            ["address1_postalcode"] = "address.postal_code",
            ["address1_country"] = "address.country",
        },
        [Entities.Contact] = new Dictionary<string, string>
        {
            ["firstname"] = "first_name",
            ["lastname"] = "last_name",
            ["emailaddress1"] = "emails[0].value",
            ["telephone1"] = "phones[0].value",
            [FieldMapping.ParentColumn] = "org_id",
        },
    });
}
