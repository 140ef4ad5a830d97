using System.Net.Http.Headers;
using System.Text;

namespace CrmSync.CrmSimulator.Auth;

/// <summary>Checks a request's credentials against the settings in force, which tests may swap at run time.</summary>
public sealed class AuthGate(AuthSettings initial)
{
    private const string Realm = "CrmSimulator";

    private volatile AuthSettings settings = initial.Copy();

    public AuthSettings Settings
    {
        get => settings.Copy();
        set => settings = value.Copy();
    }

    /// <summary>Null when the request may pass; otherwise why not, and the WWW-Authenticate challenge to send, if any.</summary>
    public AuthFailure? Check(HttpRequest request)
    {
        var current = settings;
        return current.Type switch
        {
            AuthType.Basic => CheckBasic(request, current),
            AuthType.Bearer => CheckBearer(request, current),
            AuthType.ApiKey => CheckApiKey(request, current),
            _ => null,
        };
    }

    private static AuthFailure? CheckBasic(HttpRequest request, AuthSettings current)
    {
        var challenge = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        if (!TryGetAuthorization(request, "Basic", out var parameter))
        {
            return new AuthFailure("Send Basic credentials in the Authorization header.", challenge);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return new AuthFailure("The Basic credentials are not base64; send base64 of 'username:password'.", challenge);
        }

        return decoded == $"{current.Username}:{current.Password}"
            ? null
            : new AuthFailure("The username or password is wrong; send the configured ones.", challenge);
    }

    private static AuthFailure? CheckBearer(HttpRequest request, AuthSettings current)
    {
        if (!TryGetAuthorization(request, "Bearer", out var token))
        {
            return new AuthFailure("Send a bearer token in the Authorization header.", $"Bearer realm=\"{Realm}\"");
        }

        return token == current.Token
            ? null
            : new AuthFailure("The bearer token is not valid; send the configured one.", $"Bearer realm=\"{Realm}\", error=\"invalid_token\"");
    }

    private static AuthFailure? CheckApiKey(HttpRequest request, AuthSettings current)
    {
        var values = request.Headers[current.Header!];
        if (values.Count == 0)
        {
            return new AuthFailure($"Send the API key in the {current.Header} header.", null);
        }

        return values.Count == 1 && values[0] == current.Value
            ? null
            : new AuthFailure($"The API key in the {current.Header} header is wrong; send the configured one.", null);
    }

    private static bool TryGetAuthorization(HttpRequest request, string scheme, out string parameter)
    {
        parameter = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) ||
            !string.Equals(header.Scheme, scheme, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(header.Parameter))
        {
            return false;
        }

        parameter = header.Parameter;
        return true;
    }
}

/// <param name="Challenge">The WWW-Authenticate value; null for schemes that have none (API keys).</param>
public sealed record AuthFailure(string Message, string? Challenge);
