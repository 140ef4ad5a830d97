using System.Net.Http.Headers;
using Microsoft.Identity.Client;

namespace CrmSync.Dataverse;

/// <summary>
/// One MSAL confidential client per process: MSAL caches the application user's token and renews it
/// before it expires, so asking it per request costs nothing.
/// </summary>
public sealed class DataverseTokenSource(DataverseConnection connection)
{
    private readonly IConfidentialClientApplication _app = ConfidentialClientApplicationBuilder
        .Create(connection.ClientId)
        .WithClientSecret(connection.ClientSecret)
        .WithAuthority(AzureCloudInstance.AzurePublic, connection.TenantId)
        .Build();

    private readonly string[] _scopes = [new Uri(connection.Url, "/.default").ToString()];

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        (await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken)).AccessToken;
}

/// <summary>Adds the application user's bearer token to every Dataverse request.</summary>
public sealed class DataverseTokenHandler(DataverseTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
