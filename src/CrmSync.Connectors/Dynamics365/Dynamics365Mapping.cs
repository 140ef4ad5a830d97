namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// Another organisation's accounts and contacts have the same columns as ours, so the default mapping copies them by
/// name. A contact's parent is its <c>parentcustomerid</c>, which the Web API gives as <c>_parentcustomerid_value</c>.
/// </summary>
public static class Dynamics365Mapping
{
    public static KindMapping Default { get; } = new(SourceKind.Dynamics365, new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [Entities.Account] = Same("name", "telephone1", "emailaddress1", "websiteurl", "address1_city", "address1_country", "accountnumber"),
        [Entities.Contact] = new Dictionary<string, string>(Same("firstname", "lastname", "emailaddress1", "telephone1", "mobilephone", "jobtitle"))
        {
            [FieldMapping.ParentColumn] = "_parentcustomerid_value",
        },
    });

    /// <summary>The Web API columns a mapping reads, for <c>$select</c>; the row version always comes too.</summary>
    public static string Select(FieldMapping mapping) => string.Join(',', mapping.Columns.Select(c => c.Field).Append(mapping.Parent).OfType<JsonPath>()
        .Select(p => p.FirstMember).OfType<string>().Append(Dynamics365Records.VersionColumn).Distinct(StringComparer.Ordinal));

    private static Dictionary<string, string> Same(params string[] columns) => columns.ToDictionary(c => c, c => c);
}
