using System.Text;
using CrmSync.DataverseEmulator.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>
/// Reads a <c>$batch</c> body into its requests and change sets (specs/dataverse.md §4), refusing before anything
/// runs what Dataverse refuses as a whole: bad framing, more than 1,000 requests, a GET in a change set, and a
/// <c>$n</c> that no earlier request of the same change set declared.
/// </summary>
public static class BatchRequestReader
{
    public static IReadOnlyList<BatchItem> Read(WebApiRequest batch)
    {
        var text = Encoding.UTF8.GetString(batch.Body.Span);
        var items = MultipartReader.Read(text, Boundary(batch.Header(HeaderNames.ContentType))).Select(ReadItem).ToList();

        var count = items.Sum(item => item is BatchChangeSet changeSet ? changeSet.Operations.Count : 1);
        if (count > BatchErrors.MaxRequests)
        {
            throw BatchErrors.TooManyRequests(count);
        }

        foreach (var item in items)
        {
            CheckReferences(item is BatchChangeSet changeSet ? changeSet.Operations : [(BatchOperation)item]);
        }

        return items;
    }

    private static BatchItem ReadItem(MimePart part)
    {
        var contentType = part.Headers.GetValueOrDefault(HeaderNames.ContentType, "");
        if (!contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return ReadOperation(part);
        }

        var operations = MultipartReader.Read(part.Body, Boundary(contentType)).Select(ReadOperation).ToList();
        foreach (var operation in operations.Where(operation => !HttpMethods.IsPost(operation.Method) && !HttpMethods.IsPatch(operation.Method) &&
            !HttpMethods.IsPut(operation.Method) && !HttpMethods.IsDelete(operation.Method)))
        {
            throw BatchErrors.MethodInChangeSet(operation.Method);
        }

        return new BatchChangeSet(operations);
    }

    private static BatchOperation ReadOperation(MimePart part)
    {
        if (part.Headers.GetValueOrDefault(HeaderNames.ContentType, "").StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw BatchErrors.Malformed("a change set cannot contain another change set.");
        }

        if (!part.Headers.TryGetValue(HeaderNames.ContentType, out var type) || !type.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
        {
            throw BatchErrors.Malformed("each part must have the Content-Type 'application/http' or be a 'multipart/mixed' change set.");
        }

        var lineEnd = part.Body.IndexOf('\n');
        var requestLine = (lineEnd < 0 ? part.Body : part.Body[..lineEnd]).Trim();
        var words = requestLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            throw BatchErrors.Malformed($"'{requestLine}' is not an HTTP request line such as 'POST /api/data/v9.2/accounts HTTP/1.1'.");
        }

        var url = words.Length > 2 && words[^1].StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) ? string.Join(' ', words[1..^1]) : string.Join(' ', words[1..]);
        var (headers, contentStart) = MultipartReader.ReadHeaders(part.Body, lineEnd < 0 ? part.Body.Length : lineEnd + 1);
        // Content-ID belongs in the part's MIME headers; some clients put it with the inner request's headers.
        var contentId = part.Headers.GetValueOrDefault("Content-ID") ?? headers.GetValueOrDefault("Content-ID");
        return new BatchOperation(
            words[0].ToUpperInvariant(),
            url,
            headers.ToDictionary(header => header.Key, header => new StringValues(header.Value), StringComparer.OrdinalIgnoreCase),
            part.Body[contentStart..],
            string.IsNullOrWhiteSpace(contentId) ? null : contentId.Trim());
    }

    private static void CheckReferences(IReadOnlyList<BatchOperation> operations)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            foreach (var reference in ContentIdReferences.Find(operation).Where(reference => !declared.Contains(reference[1..])))
            {
                throw BatchErrors.ContentIdNotFound(reference);
            }

            if (operation.ContentId is { } contentId && !declared.Add(contentId))
            {
                throw BatchErrors.DuplicateContentId(contentId);
            }
        }
    }

    private static string Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) &&
        HeaderUtilities.RemoveQuotes(media.Boundary) is { Length: > 0 } boundary
            ? boundary.ToString()
            : throw BatchErrors.NotMultipart();
}
