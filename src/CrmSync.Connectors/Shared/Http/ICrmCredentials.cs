namespace CrmSync.Connectors.Shared;

/// <summary>How requests to one source's API sign in. Credentials come from the environment or user secrets only.</summary>
public interface ICrmCredentials
{
    /// <summary>Adds the credentials to a request (fetching a token first where the scheme needs one).</summary>
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Called on a 401: true when asking again may succeed (an access token was renewed); false when the configured
    /// credentials themselves were refused.
    /// </summary>
    bool Renew();

    /// <summary>One sentence for a refused request that names the settings to check.</summary>
    string Refused(int status, Uri url);
}
