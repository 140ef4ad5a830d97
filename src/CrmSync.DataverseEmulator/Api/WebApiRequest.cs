using System.Globalization;
using CrmSync.DataverseEmulator.Records;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// One Web API request, independent of HttpContext so that a <c>$batch</c> part can be served by the
/// same handlers as a plain request.
/// </summary>
/// <param name="ServiceRoot">The absolute Web API root ending in <c>/api/data/v9.2/</c>.</param>
/// <param name="Path">The raw (percent-encoded) path after the service root.</param>
/// <param name="RawQuery">The raw query string without its leading '?'.</param>
public sealed record WebApiRequest(
    string Method,
    string ServiceRoot,
    string Path,
    string RawQuery,
    IReadOnlyDictionary<string, StringValues> Headers,
    ReadOnlyMemory<byte> Body)
{
    public IReadOnlyDictionary<string, StringValues> Query { get; } = QueryHelpers.ParseQuery(RawQuery);

    public Preferences Preferences => Preferences.Parse(Header("Prefer"));

    public StringValues Header(string name) => Headers.TryGetValue(name, out var value) ? value : StringValues.Empty;

    public WriteConditions WriteConditions
    {
        get
        {
            var ifMatch = Header("If-Match").ToString().Trim();
            var ifNoneMatch = Header("If-None-Match").ToString().Trim();
            return new WriteConditions(
                IfMatchAny: ifMatch == "*",
                // An etag that is not a row version can never match, so it fails like a stale one.
                IfMatchVersion: ifMatch is "" or "*" ? null : ParseETag(ifMatch) ?? -1,
                IfNoneMatchAny: ifNoneMatch == "*");
        }
    }

    /// <summary>The row version of an <c>If-None-Match: W/"n"</c> on a GET, for 304 Not Modified.</summary>
    public long? IfNoneMatchVersion => ParseETag(Header("If-None-Match").ToString().Trim());

    public static long? ParseETag(string etag)
    {
        var value = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
