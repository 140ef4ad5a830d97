namespace CrmSync.Connectors.Rest;

/// <summary>The body and Link headers of one page.</summary>
public sealed record FetchedPage(Uri Url, byte[] Body, IReadOnlyList<string> LinkHeaders);

/// <summary>GETs one page of a REST source with its configured credentials, through the connectors' shared <see cref="CrmHttp"/>.</summary>
public sealed class RestPageFetcher(CrmHttp http, CrmRetryPolicy policy)
{
    public async Task<FetchedPage> GetAsync(RestEntity target, Uri url, CancellationToken cancellationToken)
    {
        var api = new CrmApi(target.Source, $"CrmSync:Sources:{target.Source}:BaseUrl", Credentials(target.Source, target.Options.Auth), policy);
        var call = new CrmCall($"{target.SettingsPrefix}:Path and :Paging", "start the job again later to resume from this page");
        var page = await http.SendAsync(api, call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        return new FetchedPage(url, page.Body, page.Headers.TryGetValues("Link", out var links) ? [.. links] : []);
    }

    private static ICrmCredentials Credentials(string source, RestAuthOptions auth)
    {
        var settings = $"CrmSync:Sources:{source}:Auth";
        return auth.ParsedType switch
        {
            RestAuthType.Basic => StaticCredentials.Basic(source, auth.Username!, auth.Password!, $"check {settings}:Username and {settings}:Password"),
            RestAuthType.Bearer => StaticCredentials.Bearer(source, auth.Token!, $"check {settings}:Token, which may have expired"),
            RestAuthType.ApiKey => StaticCredentials.Header(source, auth.Header!, auth.Value!, $"check {settings}:Header and {settings}:Value"),
            _ => StaticCredentials.None(source, settings),
        };
    }
}
