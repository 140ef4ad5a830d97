namespace CrmSync.Connectors.Shared;

/// <summary>
/// Where a hosted CRM's account is: its name in the vendor's domain (Zendesk's Subdomain, Pipedrive's CompanyDomain), or
/// a BaseUrl instead (tests, proxies). One sentence naming the setting when neither is usable.
/// </summary>
public static class HostedAccountSetting
{
    /// <param name="example">The account's URL for the name "acme", e.g. https://acme.zendesk.com.</param>
    public static string? Problem(string prefix, string? baseUrl, string nameSetting, string? name, string example)
    {
        if (baseUrl is { Length: > 0 })
        {
            return Uri.TryCreate(baseUrl, UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
                ? null
                : $"{prefix}:BaseUrl '{baseUrl}' is not an absolute http(s) URL; leave it out and set {nameSetting}, or point it at the API's root.";
        }

        return name is { Length: > 0 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? null
            : $"{prefix}:{nameSetting} '{name}' is not an account name; set it to 'acme' for {example}.";
    }
}
