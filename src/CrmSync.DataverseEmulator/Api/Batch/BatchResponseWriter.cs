using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>Writes a batch answer in Dataverse's wire format (specs/dataverse.md §4): CRLF lines, parts in request order.</summary>
public static class BatchResponseWriter
{
    private const string NewLine = "\r\n";

    public static WebApiResponse Write(BatchOutcome outcome)
    {
        var boundary = $"batchresponse_{Guid.NewGuid()}";
        var text = new StringBuilder();
        foreach (var result in outcome.Results)
        {
            text.Append("--").Append(boundary).Append(NewLine);
            switch (result)
            {
                case OperationResult operation:
                    WriteOperation(text, operation);
                    break;
                case ChangeSetResult changeSet:
                    var changeSetBoundary = $"changesetresponse_{Guid.NewGuid()}";
                    text.Append("Content-Type: multipart/mixed; boundary=").Append(changeSetBoundary).Append(NewLine).Append(NewLine);
                    foreach (var operation in changeSet.Operations)
                    {
                        text.Append("--").Append(changeSetBoundary).Append(NewLine);
                        WriteOperation(text, operation);
                    }

                    text.Append("--").Append(changeSetBoundary).Append("--").Append(NewLine);
                    break;
            }
        }

        text.Append("--").Append(boundary).Append("--").Append(NewLine);
        return WebApiResponse.Raw(outcome.Status, $"multipart/mixed; boundary={boundary}", Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static void WriteOperation(StringBuilder text, OperationResult operation)
    {
        text.Append("Content-Type: application/http").Append(NewLine);
        text.Append("Content-Transfer-Encoding: binary").Append(NewLine);
        if (operation.ContentId is { } contentId)
        {
            text.Append("Content-ID: ").Append(contentId).Append(NewLine);
        }

        text.Append(NewLine);
        var response = operation.Response;
        text.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.Status)).Append(NewLine);
        if (operation.Failed)
        {
            text.Append("REQ_ID: ").Append(Guid.NewGuid()).Append(NewLine);
        }

        if (response.Headers.TryGetValue(HeaderNames.ContentType, out var contentType))
        {
            text.Append("Content-Type: ").Append(contentType).Append(NewLine);
        }

        text.Append("OData-Version: 4.0").Append(NewLine);
        if (response.Headers.TryGetValue("OData-EntityId", out var entityId))
        {
            text.Append("Location: ").Append(entityId).Append(NewLine);
        }

        foreach (var (name, value) in response.Headers.Where(header => !header.Key.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase)))
        {
            text.Append(name).Append(": ").Append(value).Append(NewLine);
        }

        text.Append(NewLine);
        if (response.Body is { } body)
        {
            text.Append(Encoding.UTF8.GetString(body));
        }

        text.Append(NewLine);
    }
}
