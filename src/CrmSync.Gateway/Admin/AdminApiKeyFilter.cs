using System.Net;
using System.Security.Cryptography;
using System.Text;
using CrmSync.Gateway.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Admin;

/// <summary>
/// Lets a request through to the admin API when it carries the configured key in <c>X-Api-Key</c>, or, with no
/// key configured, when it comes from this machine. (Behind a reverse proxy on the same machine every caller
/// looks local: configure a key there.)
/// </summary>
public sealed class AdminApiKeyFilter(IOptionsMonitor<AdminApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = http.Request.Headers.TryGetValue(HeaderName, out var values) ? values.ToString() : null;
        return Refusal(options.CurrentValue.AdminApiKey, presented, http.Connection.RemoteIpAddress) ?? await next(context);
    }

    /// <summary>Null when the caller may go on; otherwise the problem to answer.</summary>
    public static ProblemHttpResult? Refusal(string? configuredKey, string? presentedKey, IPAddress? caller)
    {
        if (string.IsNullOrEmpty(configuredKey))
        {
            return IsLoopback(caller)
                ? null
                : Problems.Forbidden("No admin API key is configured, so the admin API answers callers on this machine only; set CrmSync__AdminApiKey to call it from elsewhere.");
        }

        if (string.IsNullOrEmpty(presentedKey))
        {
            return Problems.Unauthorized($"Send the admin API key in the {HeaderName} header.");
        }

        return KeysMatch(configuredKey, presentedKey)
            ? null
            : Problems.Unauthorized($"The {HeaderName} header does not hold the admin API key (CrmSync:AdminApiKey).");
    }

    private static bool IsLoopback(IPAddress? caller) =>
        caller is not null && IPAddress.IsLoopback(caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller);

    /// <summary>Compares hashes, so that neither the time taken nor the lengths compared depend on where the keys differ or how long they are.</summary>
    private static bool KeysMatch(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
