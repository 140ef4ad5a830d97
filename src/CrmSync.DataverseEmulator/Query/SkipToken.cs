using System.Buffers.Text;
using System.Text.Json;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Query;

/// <summary>
/// The opaque <c>$skiptoken</c> of a next link: the sort values of the last row served (keyset paging,
/// like Dataverse's paging cookie), so rows written between pages neither repeat nor go missing.
/// </summary>
/// <param name="LastValues">The last row's values of the order columns, the primary key last.</param>
/// <param name="RemainingTop">Rows still owed to a <c>$top</c> larger than one page.</param>
public sealed record SkipToken(IReadOnlyList<object?> LastValues, int? RemainingTop)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload(LastValues.ToArray(), RemainingTop));
        return Base64Url.EncodeToString(json);
    }

    public static SkipToken Decode(string token, int expectedValues)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token));
            if (payload?.V is { } values && values.Length == expectedValues)
            {
                return new SkipToken(values.Select(FromJson).ToList(), payload.R);
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
        }

        throw DataverseErrors.QuerySyntax("The $skiptoken is not valid for this query. Use the @odata.nextLink exactly as returned.");
    }

    private static object? FromJson(object? value) => value is JsonElement element
        ? element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number when element.TryGetInt64(out var number) => number,
            JsonValueKind.Number => element.GetDouble(),
            _ => null,
        }
        : value;

    private sealed record Payload(object?[] V, int? R);
}
