namespace CrmSync.Connectors.HubSpot;

/// <summary>HubSpot's names for the two entities: API object types, webhook subscription prefixes and UI type ids.</summary>
public static class HubSpotObjects
{
    /// <summary>The CRM v3 object type: <c>companies</c> for accounts, <c>contacts</c> for contacts.</summary>
    public static string ApiType(string entity) => entity == Entities.Account ? "companies" : "contacts";

    /// <summary>The last-modified property search filters and sorts on: companies have <c>hs_lastmodifieddate</c>, contacts <c>lastmodifieddate</c>.</summary>
    public static string LastModifiedProperty(string entity) => entity == Entities.Account ? "hs_lastmodifieddate" : "lastmodifieddate";

    /// <summary>The entity a subscription type (<c>company.propertyChange</c>) or generic objectTypeId (<c>0-2</c>) names, if any.</summary>
    public static string? EntityOf(string objectName) => objectName switch
    {
        "company" or "0-2" => Entities.Account,
        "contact" or "0-1" => Entities.Contact,
        _ => null,
    };

    /// <summary>The record's page in HubSpot's UI: object type 0-1 is contacts, 0-2 companies.</summary>
    public static string Link(HubSpotSourceOptions options, string entity, string id) =>
        $"{options.AppUrl.TrimEnd('/')}/contacts/{options.PortalId}/record/{(entity == Entities.Account ? "0-2" : "0-1")}/{Uri.EscapeDataString(id)}";
}
