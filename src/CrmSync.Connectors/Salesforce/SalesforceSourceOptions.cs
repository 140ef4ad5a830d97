namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// A <see cref="SourceKind.Salesforce"/> source, bound from <c>CrmSync:Sources:{name}</c> like its <see cref="SourceOptions"/>
/// (whose <c>Secret</c> checks the Apex's signatures). Credentials come from the environment or user secrets only.
/// </summary>
public sealed class SalesforceSourceOptions
{
    public const string DefaultApiVersion = "v62.0";

    /// <summary>The org's My Domain URL, e.g. https://acme.my.salesforce.com; the token endpoint and the REST API are under it.</summary>
    public string? InstanceUrl { get; set; }

    /// <summary>The connected app's consumer key, for the OAuth 2.0 client credentials flow.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>The org's id (00D…, 15 or 18 characters): an Outbound Message from any other org is refused.</summary>
    public string? OrganizationId { get; set; }

    /// <summary>How long a read-back waits for others to share its query; Salesforce meters every API call.</summary>
    public TimeSpan ReadBackDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A poll also asks getDeleted for the records deleted since its watermark; the user must be able to read them.</summary>
    public bool PollDeletes { get; set; } = true;

    public Uri Instance => new(InstanceUrl!.TrimEnd('/') + "/");
}
