using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace CrmSync.Connectors.Rest;

/// <summary>
/// What a cursor means in each paging style, both ways: the request for a cursor, and the cursor of the page
/// after. Callers treat cursors as opaque strings; here they are an offset, a page number, the source's token or
/// the next page's absolute URL.
/// </summary>
public static partial class RestPaging
{
    public static Uri RequestFor(RestEntity target, string? cursor)
    {
        var paging = target.Settings.Paging;
        var size = paging.PageSize.ToString(CultureInfo.InvariantCulture);
        return paging.ParsedStyle switch
        {
            RestPagingStyle.Offset => WithQuery(target.EntityUri, (paging.OffsetParam, Number(target, cursor, 0).ToString(CultureInfo.InvariantCulture)), (paging.PageSizeParam, size)),
            RestPagingStyle.Page => WithQuery(target.EntityUri, (paging.PageParam, Number(target, cursor, 1).ToString(CultureInfo.InvariantCulture)), (paging.PageSizeParam, size)),
            RestPagingStyle.Cursor => WithQuery(target.EntityUri, (paging.PageSizeParam, size), (paging.CursorParam, cursor)),
            _ when cursor is null => WithQuery(target.EntityUri, (paging.PageSizeParam, size)),
            _ => new Uri(SameOrigin(target, cursor, "the job's cursor")),
        };
    }

    /// <summary>The cursor of the page after <paramref name="page"/>, or null when it was the last.</summary>
    public static string? NextCursor(RestEntity target, string? cursor, FetchedPage page, JsonElement root, int count, long? total)
    {
        var paging = target.Settings.Paging;
        var next = paging.ParsedStyle switch
        {
            RestPagingStyle.Offset => NextOffset(target, cursor, count, total),
            RestPagingStyle.Page => NextPageNumber(target, cursor, count, total),
            RestPagingStyle.Cursor => Token(target, page, root, paging.CursorPath!, nameof(paging.CursorPath)),
            RestPagingStyle.NextUrl => Token(target, page, root, paging.NextUrlPath!, nameof(paging.NextUrlPath)) is { } url ? SameOrigin(target, url, nameof(paging.NextUrlPath)) : null,
            _ => NextLink(page) is { } link ? SameOrigin(target, new Uri(page.Url, link).AbsoluteUri, "the Link header") : null,
        };

        // A source that hands back the cursor it was given would keep the job on one page for ever.
        return next is not null && next == cursor
            ? throw new SourceReadException($"Page {page.Url} of source '{target.Source}' points to itself as the next page; check {target.SettingsPrefix}:Paging.")
            : next;
    }

    /// <summary>The record count at TotalPath, when the settings name one.</summary>
    public static long? Total(RestEntity target, FetchedPage page, JsonElement root)
    {
        if (target.Settings.Paging.TotalPath is not { Length: > 0 } setting)
        {
            return null;
        }

        var path = JsonPath.Parse(setting);
        return path.TryFind(root, out var value) && TryReadCount(value, out var total)
            ? total
            : throw new SourceReadException($"Page {page.Url} of source '{target.Source}' has no record count at '{path}'; check {target.SettingsPrefix}:Paging:TotalPath or remove it.");
    }

    /// <summary>The <c>rel="next"</c> target among the page's Link headers (RFC 8288), as written.</summary>
    public static string? NextLink(FetchedPage page) =>
        page.LinkHeaders
            .SelectMany(header => LinkValue().Matches(header))
            .FirstOrDefault(link => RelNext().IsMatch(link.Groups["params"].Value))?
            .Groups["target"].Value;

    /// <summary>Offset style: the offset after this page's records, unless the total is reached or the page came short.</summary>
    private static string? NextOffset(RestEntity target, string? cursor, int count, long? total)
    {
        var offset = Number(target, cursor, 0) + count;
        return IsLast(target.Settings.Paging, count, offset, total) ? null : offset.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Page style: the next page number, unless the total is reached or the page came short.</summary>
    private static string? NextPageNumber(RestEntity target, string? cursor, int count, long? total)
    {
        var number = Number(target, cursor, 1);
        return IsLast(target.Settings.Paging, count, number * target.Settings.Paging.PageSize, total) ? null : (number + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>With a total, only the total ends the paging: an API that caps page sizes below PageSize sends short pages before the end.</summary>
    private static bool IsLast(RestPagingOptions paging, int count, long readThrough, long? total) =>
        count == 0 || (total is { } all ? readThrough >= all : count < paging.PageSize);

    private static bool TryReadCount(JsonElement value, out long count)
    {
        count = -1;
        var read = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out count),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out count),
            _ => false,
        };
        return read && count >= 0;
    }

    private static long Number(RestEntity target, string? cursor, long first) =>
        cursor is null ? first
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= first ? number
        : throw new SourceReadException($"Cursor '{cursor}' is not a {target.Settings.Paging.ParsedStyle} cursor of source '{target.Source}' ({target.Entity}); the paging style changed since the job started, so start the job over.");

    private static string? Token(RestEntity target, FetchedPage page, JsonElement root, string setting, string name)
    {
        var path = JsonPath.Parse(setting);
        if (!path.TryFind(root, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new SourceReadException($"Page {page.Url} of source '{target.Source}' holds {value.ValueKind} at '{path}', not a string; check {target.SettingsPrefix}:Paging:{name}."),
        };
    }

    /// <summary>
    /// Next-page URLs come from the source's answers, so they may only lead back to BaseUrl's own origin: the
    /// source's credentials are sent with them.
    /// </summary>
    private static string SameOrigin(RestEntity target, string url, string from)
    {
        var resolved = Uri.TryCreate(target.BaseUri, url, out var absolute) ? absolute : null;
        if (resolved is null || Uri.Compare(resolved, target.BaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SourceReadException($"The next page '{url}' given by {from} of source '{target.Source}' is not on {target.BaseUri.GetLeftPart(UriPartial.Authority)}, and the source's credentials go nowhere else; check CrmSync:Sources:{target.Source}:BaseUrl.");
        }

        return resolved.AbsoluteUri;
    }

    private static Uri WithQuery(Uri url, params (string? Name, string? Value)[] parameters) =>
        new(QueryHelpers.AddQueryString(
            url.AbsoluteUri,
            parameters.Where(p => !string.IsNullOrEmpty(p.Name) && p.Value is not null).Select(p => KeyValuePair.Create(p.Name!, p.Value))));

    [GeneratedRegex("""<(?<target>[^>]*)>(?<params>[^,<"]*(?:"[^"]*"[^,<"]*)*)""")]
    private static partial Regex LinkValue();

    [GeneratedRegex("""(?:^|;)\s*rel\s*=\s*(?:"(?:[^"]*\s)?next(?:\s[^"]*)?"|next)\s*(?:;|$)""", RegexOptions.IgnoreCase)]
    private static partial Regex RelNext();
}
