namespace CrmSync.Connectors.Salesforce;

/// <summary>Salesforce's object names for CrmSync's two entities, and back.</summary>
public static class SalesforceObjects
{
    public const string Account = "Account";
    public const string Contact = "Contact";

    public static string TypeOf(string entity) => entity == Entities.Account ? Account : Contact;

    /// <summary>The entity of an sObject type (<c>Account</c>, <c>Contact</c>; <c>sf:Account</c> in SOAP), or null for any other.</summary>
    public static string? EntityOf(string? type) => type switch
    {
        Account or "sf:Account" => Entities.Account,
        Contact or "sf:Contact" => Entities.Contact,
        _ => null,
    };
}
