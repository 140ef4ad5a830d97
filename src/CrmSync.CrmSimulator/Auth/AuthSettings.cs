namespace CrmSync.CrmSimulator.Auth;

public enum AuthType
{
    None,
    Basic,
    Bearer,
    ApiKey,
}

/// <summary>What /api/* asks of a client: the <c>Simulator:Auth</c> section, or the body of <c>POST /simulator/auth</c>.</summary>
public sealed class AuthSettings
{
    public AuthType Type { get; set; } = AuthType.None;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }

    /// <summary>The header an API key travels in, e.g. <c>X-Api-Key</c>.</summary>
    public string? Header { get; set; }

    public string? Value { get; set; }

    /// <summary>What is missing for <see cref="Type"/>, in one sentence, or null when nothing is.</summary>
    public string? Problem() => Type switch
    {
        AuthType.None => null,
        AuthType.Basic when string.IsNullOrEmpty(Username) || Password is null =>
            "Basic auth needs a Username and a Password; set both.",
        AuthType.Basic when Username!.Contains(':') => "A Basic auth Username cannot contain ':'; choose another.",
        AuthType.Bearer when string.IsNullOrEmpty(Token) => "Bearer auth needs a Token; set one.",
        AuthType.ApiKey when string.IsNullOrEmpty(Header) || string.IsNullOrEmpty(Value) =>
            "ApiKey auth needs the Header it travels in and its Value; set both.",
        AuthType.None or AuthType.Basic or AuthType.Bearer or AuthType.ApiKey => null,
        _ => $"Auth Type '{Type}' is unknown; use None, Basic, Bearer or ApiKey.",
    };

    public AuthSettings Copy() => (AuthSettings)MemberwiseClone();
}
