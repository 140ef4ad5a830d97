namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// A <see cref="SourceKind.Pipedrive"/> source, bound from <c>CrmSync:Sources:{name}</c>: where the company is, its API
/// token, and the HTTP Basic credentials its webhooks carry (Pipedrive signs nothing). Checked by
/// <see cref="PipedriveSourceValidation"/>.
/// </summary>
public sealed class PipedriveSourceOptions
{
    /// <summary>The company's domain: <c>acme</c> for https://acme.pipedrive.com.</summary>
    public string? CompanyDomain { get; set; }

    /// <summary>The API's root instead of the company's, for tests and proxies.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A personal API token, sent as the <c>x-api-token</c> header.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The webhook's <c>http_auth_user</c> and <c>http_auth_password</c>.</summary>
    public string? WebhookUsername { get; set; }

    public string? WebhookPassword { get; set; }

    /// <summary>Records per page of the initial sync; API v2 takes up to 500.</summary>
    public int PageSize { get; set; } = 500;

    public string Root => (BaseUrl is { Length: > 0 } url ? url : $"https://{CompanyDomain}.pipedrive.com").TrimEnd('/');

    /// <summary>Where users open records: the company's, even when the API is reached through BaseUrl.</summary>
    public string AppRoot => CompanyDomain is { Length: > 0 } ? $"https://{CompanyDomain}.pipedrive.com" : Root;
}
