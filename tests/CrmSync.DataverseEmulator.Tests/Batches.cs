using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>Builds a <c>$batch</c> body the way Microsoft's documentation writes one: CRLF lines, <c>application/http</c> parts.</summary>
public sealed class BatchBuilder
{
    private readonly StringBuilder body = new();
    private readonly string boundary = $"batch_{Guid.NewGuid()}";

    public BatchBuilder Add(string method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        body.Append($"--{boundary}\r\n");
        AppendRequest(body, method, url, json, contentId: null, headers);
        return this;
    }

    /// <summary>Adds a change set; each request is (method, url, json, Content-ID).</summary>
    public BatchBuilder ChangeSet(params (string Method, string Url, string? Json, string? ContentId)[] requests) =>
        ChangeSet([.. requests.Select(r => (r.Method, r.Url, r.Json, r.ContentId, Array.Empty<(string, string)>()))]);

    /// <summary>Adds a change set whose requests carry headers of their own (If-Match, Prefer).</summary>
    public BatchBuilder ChangeSet(params (string Method, string Url, string? Json, string? ContentId, (string Name, string Value)[] Headers)[] requests)
    {
        var changeSet = $"changeset_{Guid.NewGuid()}";
        body.Append($"--{boundary}\r\nContent-Type: multipart/mixed; boundary=\"{changeSet}\"\r\n\r\n");
        foreach (var (method, url, json, contentId, headers) in requests)
        {
            body.Append($"--{changeSet}\r\n");
            AppendRequest(body, method, url, json, contentId, headers);
        }

        body.Append($"--{changeSet}--\r\n");
        return this;
    }

    public HttpContent Build()
    {
        var content = new StringContent(body + $"--{boundary}--\r\n", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary=\"{boundary}\"");
        return content;
    }

    private static void AppendRequest(StringBuilder body, string method, string url, string? json, string? contentId, (string Name, string Value)[] headers)
    {
        body.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null)
        {
            body.Append($"Content-ID: {contentId}\r\n");
        }

        body.Append($"\r\n{method} {url} HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            body.Append($"{name}: {value}\r\n");
        }

        body.Append(json is null ? "\r\n" : $"Content-Type: application/json; type=entry\r\n\r\n{json}\r\n");
    }
}

/// <summary>One answer inside a batch response; <see cref="ChangeSet"/> holds a change set's answers.</summary>
public sealed record BatchPart(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentId, IReadOnlyList<BatchPart>? ChangeSet)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string ErrorCode => (string)Json["error"]!["code"]!;

    public string ErrorMessage => (string)Json["error"]!["message"]!;

    /// <summary>Reads a batch response with ASP.NET Core's own multipart reader, so the test does not trust the emulator's framing code.</summary>
    public static async Task<IReadOnlyList<BatchPart>> ReadAsync(HttpResponseMessage response)
    {
        var boundary = HeaderUtilities.RemoveQuotes(response.Content.Headers.ContentType!.Parameters.Single(parameter => parameter.Name == "boundary").Value).ToString();
        return await ReadAsync(await response.Content.ReadAsStreamAsync(), boundary);
    }

    private static async Task<IReadOnlyList<BatchPart>> ReadAsync(Stream stream, string boundary)
    {
        var reader = new MultipartReader(boundary, stream);
        var parts = new List<BatchPart>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var contentType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(section.ContentType);
            if (contentType.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(new BatchPart(0, new Dictionary<string, string>(), "", null, await ReadAsync(section.Body, contentType.Boundary.ToString())));
                continue;
            }

            Assert.Equal("application/http", section.ContentType);
            Assert.Equal("binary", section.Headers!["Content-Transfer-Encoding"].ToString());
            var contentId = section.Headers.TryGetValue("Content-ID", out var id) ? id.ToString() : null;
            parts.Add(ParseHttp(await new StreamReader(section.Body).ReadToEndAsync(), contentId));
        }

        return parts;
    }

    private static BatchPart ParseHttp(string text, string? contentId)
    {
        var blank = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..blank].Split("\r\n");
        var status = lines[0].Split(' ');
        Assert.Equal("HTTP/1.1", status[0]);
        var headers = lines.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new BatchPart(int.Parse(status[1]), headers, text[(blank + 4)..].TrimEnd('\r', '\n'), contentId, null);
    }
}
