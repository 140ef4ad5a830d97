using System.Text.Json;

namespace CrmSync.Dataverse;

/// <summary>Dataverse's error envelope: <c>{"error":{"code":"0x…","message":"…"}}</c>.</summary>
public sealed record DataverseError(int Status, string Code, string Message)
{
    /// <summary>A GUID reference (a record or an @odata.bind target) that does not exist.</summary>
    public const string RecordNotFoundById = "0x80040217";

    /// <summary>An alternate-key reference that does not exist.</summary>
    public const string RecordNotFoundByKey = "0x80060891";

    /// <summary>412 to an If-Match whose etag is not the row's versionnumber any more: someone else changed the row.</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    public override string ToString() => $"{Status} {Code}: {Message}";

    public static async Task<DataverseError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));

    public static DataverseError Parse(int status, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
                var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                return new DataverseError(status, code, message);
            }
        }
        catch (JsonException)
        {
            // Gateways and load balancers in front of Dataverse answer in HTML or plain text.
        }

        return new DataverseError(status, "", text.Length > 500 ? text[..500] : text);
    }
}
