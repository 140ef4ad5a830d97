using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmSync.Dataverse;

/// <summary>
/// The $batch wire format (multipart/mixed, one application/http part per row write). Sent with
/// <c>Prefer: odata.continue-on-error</c>, so one refused row does not stop its neighbours and every
/// part answers for its own row, in request order. No change sets: a change set fails whole, so one row
/// edited in Dataverse (412 to its If-Match) would fail its neighbours with it.
/// </summary>
public static class DataverseBatch
{
    public const int MaxParts = 1000;

    public static HttpRequestMessage BuildRequest(Uri webApiBase, IReadOnlyList<RowWrite> writes)
    {
        if (writes.Count is 0 or > MaxParts)
        {
            throw new ArgumentOutOfRangeException(nameof(writes), writes.Count, $"A $batch holds 1 to {MaxParts} requests.");
        }

        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        foreach (var write in writes)
        {
            body.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append(write.IsDelete ? "DELETE " : "PATCH ")
                .Append(new Uri(webApiBase, write.IsDelete ? $"{write.Table.EntitySet}({write.RowId})" : DataverseClient.VersionedUrl(write.Table, write.RowId)))
                .Append(" HTTP/1.1\r\n");
            // As for a write alone (DataverseClient.UpsertAsync): the new etag back, and If-Match on the one kept.
            if (write.ETag is { } etag)
            {
                body.Append("If-Match: ").Append(etag).Append("\r\n");
            }

            if (write.Body is { } json)
            {
                body.Append("Prefer: return=representation\r\n")
                    .Append("Content-Type: application/json; type=entry\r\n\r\n").Append(json.ToJsonString()).Append("\r\n");
            }
            else
            {
                body.Append("\r\n");
            }
        }

        body.Append("--").Append(boundary).Append("--\r\n");
        var request = new HttpRequestMessage(HttpMethod.Post, "$batch")
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        request.Headers.Add("Prefer", "odata.continue-on-error");
        return request;
    }

    /// <summary>
    /// Each row's outcome, in request order. A missing part counts as transient: it was not done. A
    /// delete of a row already gone counts as written.
    /// </summary>
    public static IReadOnlyList<WriteResult> ParseResponse(string contentType, string body, IReadOnlyList<RowWrite> writes)
    {
        var parts = ParseParts(contentType, body);
        return writes.Select((write, i) => i >= parts.Count
                ? new WriteResult(WriteStatus.Transient, "Dataverse did not answer for this row in the $batch response.")
                : write.IsDelete && parts[i].Status == 404 ? WriteResult.Written : WriteOutcomes.OfRow(write, parts[i].Result))
            .ToList();
    }

    private static List<(int Status, WriteResult Result)> ParseParts(string contentType, string body)
    {
        var boundary = MediaTypeHeaderValue.Parse(contentType).Parameters
            .FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"')
            ?? throw new FormatException("The $batch response has no multipart boundary.");

        var results = new List<(int, WriteResult)>();
        foreach (var part in Parts(body, boundary))
        {
            var nested = NestedBoundary(part);
            if (nested is not null)
            {
                results.AddRange(ParseParts($"multipart/mixed; boundary={nested}", part));
            }
            else if (ParsePart(part) is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private static IEnumerable<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        foreach (var chunk in body.Split(delimiter).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }

            yield return chunk;
        }
    }

    private static string? NestedBoundary(string part)
    {
        var headers = part.Split("\r\n\r\n", 2)[0];
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase) && line.Contains("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                return MediaTypeHeaderValue.Parse(line["Content-Type:".Length..].Trim()).Parameters
                    .FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
            }
        }

        return null;
    }

    /// <summary>An application/http part: outer headers, blank line, status line, headers, blank line, body.</summary>
    private static (int, WriteResult)? ParsePart(string part)
    {
        var sections = part.Split("\r\n\r\n", 3);
        if (sections.Length < 2)
        {
            return null;
        }

        var responseHead = sections[1].Split("\r\n");
        var statusLine = responseHead[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status))
        {
            return null;
        }

        if (status is >= 200 and < 300)
        {
            var etag = responseHead.Skip(1)
                .Where(h => h.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                .Select(h => h["ETag:".Length..].Trim())
                .FirstOrDefault();
            return (status, WriteResult.Written with { ETag = etag });
        }

        var retryAfter = responseHead.Skip(1)
            .Where(h => h.StartsWith("Retry-After:", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.TryParse(h["Retry-After:".Length..].Trim(), out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null)
            .FirstOrDefault();
        return (status, WriteOutcomes.Classify(DataverseError.Parse(status, sections.Length > 2 ? sections[2].Trim() : ""), retryAfter));
    }
}
