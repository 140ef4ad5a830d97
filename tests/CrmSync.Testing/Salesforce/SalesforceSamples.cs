namespace CrmSync.Testing.Salesforce;

/// <summary>
/// Salesforce's two push formats as CrmSync receives them: the bodies CrmSync's Apex sends (read from its test
/// classes) and an Outbound Message SOAP envelope (crm-apis.md §A2). Connector and end-to-end tests reuse these.
/// </summary>
public static class SalesforceSamples
{
    public const string ApexSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>The OrganizationId of <see cref="OutboundMessage"/>; a source checks it with its OrganizationId setting.</summary>
    public const string OrganizationId = "00D5g000004XyZaEAK";

    /// <summary>An update of one account, with every field of the default mapping.</summary>
    public static string ApexAccountBody => ApexSource.StringConstant("CrmSyncPushJobTest", "EXPECTED_ACCOUNT_BODY");

    /// <summary>An insert of one contact of that account.</summary>
    public static string ApexContactBody => ApexSource.StringConstant("CrmSyncPushJobTest", "EXPECTED_CONTACT_BODY");

    /// <summary>The deletion of that account: attributes, Id and the time of deletion only.</summary>
    public static string ApexDeleteBody => ApexSource.StringConstant("CrmSyncTriggerHandlerTest", "EXPECTED_DELETE_BODY");

    /// <summary>Two account notifications in one SOAP message, as an Outbound Message on Account sends them.</summary>
    public static string OutboundMessage => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Salesforce", "outbound-message.xml"));
}
