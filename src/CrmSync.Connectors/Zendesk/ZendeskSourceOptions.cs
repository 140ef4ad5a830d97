namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// A <see cref="SourceKind.Zendesk"/> source, bound from <c>CrmSync:Sources:{name}</c> beside its Kind and Secret (the
/// webhook's signing secret): where the account is and how to sign in to its API. Checked by
/// <see cref="ZendeskSourceValidation"/>.
/// </summary>
public sealed class ZendeskSourceOptions
{
    /// <summary>The account's subdomain: <c>acme</c> for https://acme.zendesk.com.</summary>
    public string? Subdomain { get; set; }

    /// <summary>The API's root instead of the subdomain's, for tests and proxies.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>An API token's agent e-mail and the token, sent as Basic <c>{email}/token:{token}</c>.</summary>
    public string? Email { get; set; }

    public string? ApiToken { get; set; }

    /// <summary>An OAuth access token, sent as a bearer token, instead of Email and ApiToken.</summary>
    public string? Token { get; set; }

    /// <summary>How far the signature timestamp may be from the clock; Zendesk retries for a few minutes at most.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most ids one <c>show_many</c> read-back asks for; Zendesk takes up to 100.</summary>
    public int ReadBackBatch { get; set; } = 100;

    /// <summary>How long a read-back waits for others to share its request, so a bulk edit costs one call per 100 records.</summary>
    public TimeSpan ReadBackDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The records a page of the incremental export asks for (<c>per_page</c>); Zendesk takes up to 1,000.</summary>
    public int ExportPageSize { get; set; } = 1000;

    /// <summary>The API's root: BaseUrl when set, else the subdomain's.</summary>
    public string Root => (BaseUrl is { Length: > 0 } url ? url : $"https://{Subdomain}.zendesk.com").TrimEnd('/');

    /// <summary>Where agents open records: the subdomain's, even when the API is reached through BaseUrl.</summary>
    public string AgentRoot => Subdomain is { Length: > 0 } ? $"https://{Subdomain}.zendesk.com" : Root;
}
