using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// A simulator record under Salesforce's field names. Fields the generic record has come from it, so a change made
/// through either API shows in both; the rest (billing address, mobile, title) are derived from the index.
/// </summary>
public static class SalesforceFields
{
    public const string Id = "Id";
    public const string SystemModstamp = "SystemModstamp";

    public static readonly IReadOnlyList<string> Account =
        ["Id", "Name", "Phone", "Website", "AccountNumber", "BillingStreet", "BillingCity", "BillingPostalCode", "BillingCountry", "SystemModstamp"];

    public static readonly IReadOnlyList<string> Contact =
        ["Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "AccountId", "SystemModstamp"];

    /// <summary>Salesforce field → the generic record's field, for the fields a change may set.</summary>
    private static readonly Dictionary<string, string> AccountStored = new() { ["Name"] = "name", ["Phone"] = "telephone", ["Website"] = "website" };

    private static readonly Dictionary<string, string> ContactStored = new()
    {
        ["FirstName"] = "firstName", ["LastName"] = "lastName", ["Email"] = "email", ["Phone"] = "phone", ["AccountId"] = SimEntities.AccountIdField,
    };

    private static readonly string[] Streets = ["Main Street", "Market Street", "Harbour Road", "Station Road", "Park Avenue", "Mill Lane"];
    private static readonly string[] Cities = ["Springfield", "Riverton", "Lakeside", "Fairview", "Greenville", "Bristol"];
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "NL", "CA"];
    private static readonly string[] Titles = ["Engineer", "Buyer", "Director", "Analyst", "Manager", "Consultant"];

    public static IReadOnlyList<string> Of(SimEntity entity) => entity == SimEntity.Account ? Account : Contact;

    public static IReadOnlyDictionary<string, string> Changeable(SimEntity entity) => entity == SimEntity.Account ? AccountStored : ContactStored;

    /// <summary>A changeable field as Salesforce names it, whatever its case (JSON clients often camelCase), or null.</summary>
    public static string? ResolveChangeable(SimEntity entity, string name) =>
        Changeable(entity).Keys.FirstOrDefault(field => string.Equals(field, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>SystemModstamp as Salesforce's REST API writes it: milliseconds and +0000.</summary>
    public static string Modstamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static string? Value(SimRecord record, string field)
    {
        var index = record.Index;
        if (field == Id)
        {
            return SalesforceIds.IdOf(record.Entity, index);
        }

        if (field == SystemModstamp)
        {
            return Modstamp(record.UpdatedAt);
        }

        if (Changeable(record.Entity).TryGetValue(field, out var stored))
        {
            return field == "AccountId" ? AccountIdOf(record[stored]) : record[stored];
        }

        return field switch
        {
            "AccountNumber" => "CS-" + index.ToString("D7", CultureInfo.InvariantCulture),
            "BillingStreet" => $"{index % 997 + 1} {Streets[index % Streets.Length]}",
            "BillingCity" => Cities[index / 7 % Cities.Length],
            "BillingPostalCode" => (10000 + index * 37 % 90000).ToString(CultureInfo.InvariantCulture),
            "BillingCountry" => Countries[index / 3 % Countries.Length],
            "MobilePhone" => "+1 555 01" + (index % 100_000).ToString("D5", CultureInfo.InvariantCulture),
            "Title" => Titles[index / 5 % Titles.Length],
            _ => throw new ArgumentException($"A {record.Entity.TypeName()} has no field '{field}'.", nameof(field)),
        };
    }

    /// <summary>The generic record's accountId (A0000936) as the Salesforce id of that account.</summary>
    private static string? AccountIdOf(string? genericId) =>
        genericId is not null && SimEntity.Account.TryParseId(genericId, out var index) ? SalesforceIds.IdOf(SimEntity.Account, index.Value) : null;

    /// <summary>The field as the API names it (SOQL field names are case-insensitive), or null when the entity has none.</summary>
    public static string? Resolve(SimEntity entity, string name) =>
        Of(entity).FirstOrDefault(field => string.Equals(field, name, StringComparison.OrdinalIgnoreCase));
}
