namespace CrmSync.Dataverse;

public enum DataverseAuthType
{
    /// <summary>No token: the local emulator.</summary>
    None,

    /// <summary>An application user: client id and secret, tokens from MSAL.</summary>
    ClientSecret,
}

/// <summary>
/// A Dataverse connection string in the SDK's format:
/// <c>AuthType=ClientSecret;Url=https://org.crm.dynamics.com;ClientId=…;ClientSecret=…;TenantId=…</c>.
/// <c>AuthType=None</c> (or no AuthType) with a Url reaches the emulator.
/// </summary>
public sealed record DataverseConnection(
    Uri Url,
    DataverseAuthType AuthType,
    string? ClientId,
    string? ClientSecret,
    string? TenantId)
{
    public Uri WebApiBase => new(Url, "/api/data/v9.2/");

    public static DataverseConnection Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException(
                "The Dataverse connection string is empty: set ConnectionStrings__dataverse, e.g. 'AuthType=ClientSecret;Url=https://org.crm.dynamics.com;ClientId=…;ClientSecret=…;TenantId=…'.");
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"The Dataverse connection string has '{pair}', which is not of the form Key=Value.");
            }

            parts[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        var url = Get("Url") ?? Get("ServiceUri") ?? Get("Server")
            ?? throw new FormatException("The Dataverse connection string has no Url, e.g. Url=https://org.crm.dynamics.com.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException($"The Dataverse connection string's Url '{url}' is not an absolute http(s) URL.");
        }

        var authText = Get("AuthType") ?? "None";
        if (!Enum.TryParse<DataverseAuthType>(authText, ignoreCase: true, out var authType))
        {
            throw new FormatException($"The Dataverse connection string's AuthType '{authText}' is not supported; use ClientSecret (or None for the local emulator).");
        }

        var connection = new DataverseConnection(uri, authType, Get("ClientId") ?? Get("AppId"), Get("ClientSecret") ?? Get("Secret"), Get("TenantId"));
        if (authType == DataverseAuthType.ClientSecret)
        {
            var missing = new[] { ("ClientId", connection.ClientId), ("ClientSecret", connection.ClientSecret), ("TenantId", connection.TenantId) }
                .Where(p => string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1).ToList();
            if (missing.Count > 0)
            {
                throw new FormatException($"The Dataverse connection string uses AuthType=ClientSecret but has no {string.Join(", ", missing)}.");
            }
        }

        return connection;

        string? Get(string key) => parts.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
    }

    /// <summary>The connection string without its secret, for logs.</summary>
    public override string ToString() => $"AuthType={AuthType};Url={Url}" + (ClientId is null ? "" : $";ClientId={ClientId}");
}
