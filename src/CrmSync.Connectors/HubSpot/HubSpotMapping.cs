namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// What HubSpot's standard properties become in Dataverse. A contact's parent is its primary company, which HubSpot
/// keeps in the property <c>associatedcompanyid</c>: batch read returns no associations, so the parent must come from a
/// property that a list page and a read-back both give.
/// </summary>
public static class HubSpotMapping
{
    public static KindMapping Default { get; } = new(SourceKind.HubSpot, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = new Dictionary<string, string>
        {
            ["name"] = "properties.name",
            ["telephone1"] = "properties.phone",
            ["websiteurl"] = "properties.website",
            ["address1_city"] = "properties.city",
            ["address1_country"] = "properties.country",
        },
        [Entities.Contact] = new Dictionary<string, string>
        {
            ["firstname"] = "properties.firstname",
            ["lastname"] = "properties.lastname",
            ["emailaddress1"] = "properties.email",
            ["telephone1"] = "properties.phone",
            ["jobtitle"] = "properties.jobtitle",
            [FieldMapping.ParentColumn] = "properties.associatedcompanyid",
        },
    });

    /// <summary>The HubSpot property names a mapping reads (<c>properties.x</c> → <c>x</c>), for <c>properties=</c> in API calls.</summary>
    public static IReadOnlyList<string> Properties(FieldMapping mapping) =>
        [.. mapping.Columns.Select(c => c.Field).Append(mapping.Parent).OfType<JsonPath>()
            .Where(p => p.FirstMember == "properties").Select(p => p.MemberAt(1)).OfType<string>().Distinct(StringComparer.Ordinal)];
}
