using System.Net.Http.Headers;
using CrmSync.Dataverse;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// The source organisation's application user, through the same MSAL token source as CrmSync's own Dataverse
/// connection (which caches and renews its token); <c>AuthType=None</c> reaches an emulator without a token.
/// </summary>
public sealed class Dynamics365Credentials(string source, DataverseConnection connection) : ICrmCredentials
{
    private readonly DataverseTokenSource? tokens = connection.AuthType == DataverseAuthType.ClientSecret ? new DataverseTokenSource(connection) : null;

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (tokens is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        }
    }

    // MSAL renews its token before it expires; a 401 with a fresh one means the application user lacks access.
    public bool Renew() => false;

    public string Refused(int status, Uri url) =>
        $"Source '{source}' refused CrmSync's application user ({status}) at {url}; check CrmSync:Sources:{source}:ConnectionString and that the user has a security role that reads accounts and contacts.";
}
