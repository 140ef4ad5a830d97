using System.Net.Http.Headers;
using System.Text;
using CrmSync.CrmSimulator.Auth;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// <c>POST /oauth_token.do</c>, ServiceNow's token endpoint, for the client credentials grant (form fields, or the
/// client's id and secret as Basic auth). It hands out the bearer token the /api gate accepts, so a test that swaps
/// the token through /simulator/auth makes the old one fail and the client fetch the new one.
/// </summary>
public static class OAuthTokenEndpoint
{
    public static IEndpointConventionBuilder MapServiceNowOAuth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/oauth_token.do", async (HttpRequest request, AuthGate auth, IOptions<SimulatorOptions> options, SimulatorStats stats) =>
        {
            if (!request.HasFormContentType)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request", "Send the token request as application/x-www-form-urlencoded.");
            }

            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            if (form["grant_type"] != "client_credentials")
            {
                return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The simulator grants client_credentials only.");
            }

            var settings = options.Value.ServiceNow;
            var (clientId, clientSecret) = ClientCredentials(request, form);
            if (string.IsNullOrEmpty(settings.ClientId) || clientId != settings.ClientId || clientSecret != settings.ClientSecret)
            {
                return Error(StatusCodes.Status401Unauthorized, "invalid_client", "The client id or secret is wrong; send Simulator:ServiceNow:ClientId and ClientSecret.");
            }

            if (auth.Settings is not { Type: AuthType.Bearer, Token: { } token })
            {
                return Error(StatusCodes.Status400BadRequest, "unauthorized_client", "The simulator hands out tokens only while Auth:Type is Bearer; set it and Auth:Token.");
            }

            stats.Token();
            return Results.Json(new { access_token = token, scope = "useraccount", token_type = "Bearer", expires_in = settings.TokenLifetimeSeconds });
        });

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) &&
            string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter)).Split(':', 2);
                return (pair[0], pair.Length == 2 ? pair[1] : null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    /// <summary>RFC 6749's error body, which OAuth clients parse, rather than problem+json.</summary>
    private static IResult Error(int status, string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
