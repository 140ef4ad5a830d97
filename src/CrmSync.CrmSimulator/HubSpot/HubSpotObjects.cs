using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>
/// The simulator's records as HubSpot objects: accounts are companies, contacts are contacts, the numeric id is the
/// record's index (A0000042 is company 42), and each simulator field has its HubSpot property name.
/// </summary>
public static class HubSpotObjects
{
    /// <summary>HubSpot property → simulator field. A contact's accountId is HubSpot's primary company, associatedcompanyid.</summary>
    private static readonly Dictionary<string, string> CompanyProperties = new() { ["name"] = "name", ["phone"] = "telephone", ["website"] = "website" };
    private static readonly Dictionary<string, string> ContactProperties = new()
    {
        ["firstname"] = "firstName", ["lastname"] = "lastName", ["email"] = "email", ["phone"] = "phone", ["associatedcompanyid"] = SimEntities.AccountIdField,
    };

    public static bool TryParseType(string type, out SimEntity entity)
    {
        entity = type is "companies" or "company" ? SimEntity.Account : SimEntity.Contact;
        return type is "companies" or "company" or "contacts" or "contact";
    }

    public static string ObjectName(this SimEntity entity) => entity == SimEntity.Account ? "company" : "contact";

    public static IReadOnlyDictionary<string, string> Properties(SimEntity entity) => entity == SimEntity.Account ? CompanyProperties : ContactProperties;

    public static string HubSpotId(this SimRecord record) => record.Index.ToString(CultureInfo.InvariantCulture);

    public static SimRecord? Find(RecordStore store, SimEntity entity, string hubSpotId) =>
        int.TryParse(hubSpotId, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0
            ? store.Find(entity, entity.IdOf(index))
            : null;

    /// <summary>A property's value as HubSpot gives it: strings, the company id as its number.</summary>
    public static string? Value(SimRecord record, string property)
    {
        if (!Properties(record.Entity).TryGetValue(property, out var field))
        {
            return null;
        }

        var value = record[field];
        return field == SimEntities.AccountIdField && value is not null && SimEntity.Account.TryParseId(value, out var index)
            ? index.Value.ToString(CultureInfo.InvariantCulture)
            : value;
    }

    /// <summary>A property's value as the simulator stores it: a company id becomes the account's id.</summary>
    public static string? FieldValue(string field, string? value) =>
        field == SimEntities.AccountIdField && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? SimEntity.Account.IdOf(index)
            : value;

    /// <summary>HubSpot's timestamps have milliseconds and a Z.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The modified-date property search filters on: companies have <c>hs_lastmodifieddate</c>, contacts <c>lastmodifieddate</c>.</summary>
    public static string LastModifiedProperty(SimEntity entity) => entity == SimEntity.Account ? "hs_lastmodifieddate" : "lastmodifieddate";

    /// <param name="archivedAt">When the record was archived, for <c>archived=true</c> lists.</param>
    public static void Write(Utf8JsonWriter writer, SimRecord record, IEnumerable<string> properties, DateTimeOffset? archivedAt = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.HubSpotId());
        writer.WriteStartObject("properties");
        foreach (var property in properties.Distinct())
        {
            writer.WriteString(property, property == "hs_object_id" ? record.HubSpotId()
                : property == LastModifiedProperty(record.Entity) ? Timestamp(record.UpdatedAt)
                : Value(record, property));
        }

        writer.WriteEndObject();
        writer.WriteString("createdAt", Timestamp(SimRecord.Epoch));
        writer.WriteString("updatedAt", Timestamp(record.UpdatedAt));
        writer.WriteBoolean("archived", archivedAt is not null);
        if (archivedAt is { } at)
        {
            writer.WriteString("archivedAt", Timestamp(at));
        }

        writer.WriteEndObject();
    }
}
