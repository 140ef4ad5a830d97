using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>
/// <c>$n</c> references inside a change set: in a request URL (<c>PATCH $1</c>) and in <c>@odata.bind</c> or
/// <c>@odata.id</c> values (<c>"primarycontactid@odata.bind": "$2"</c>). Each stands for the URL of the row
/// the request with <c>Content-ID: n</c> wrote.
/// </summary>
public static class ContentIdReferences
{
    /// <summary>The references a request makes, as written (e.g. <c>$1</c>).</summary>
    public static IEnumerable<string> Find(BatchOperation operation)
    {
        if (Reference(operation.Url) is { } inUrl)
        {
            yield return inUrl;
        }

        if (ReadBody(operation.Body) is { } body)
        {
            foreach (var (_, value) in ReferenceProperties(body))
            {
                yield return Reference(value)!;
            }
        }
    }

    /// <summary>The request's URL and body with each reference replaced by the URL it stands for.</summary>
    /// <exception cref="DataverseException">A reference names no request, or one that wrote no row.</exception>
    public static (string Url, string Body) Resolve(BatchOperation operation, IReadOnlyDictionary<string, string> entityIds)
    {
        var url = Reference(operation.Url) is { } inUrl ? Substitute(operation.Url, inUrl, entityIds) : operation.Url;
        if (ReadBody(operation.Body) is not { } body)
        {
            return (url, operation.Body);
        }

        foreach (var (name, value) in ReferenceProperties(body).ToList())
        {
            body[name] = Substitute(value, Reference(value)!, entityIds);
        }

        return (url, body.ToJsonString());
    }

    private static string Substitute(string text, string reference, IReadOnlyDictionary<string, string> entityIds) =>
        entityIds.TryGetValue(reference[1..], out var entityId)
            ? entityId + text[reference.Length..]
            : throw BatchErrors.ContentIdNotFound(reference);

    // "$1" or "$1/…": the reference is the part before any '/' or '?'.
    private static string? Reference(string text)
    {
        if (text.Length < 2 || text[0] != '$')
        {
            return null;
        }

        var end = text.IndexOfAny(['/', '?']);
        return end < 0 ? text : text[..end];
    }

    private static IEnumerable<(string Name, string Value)> ReferenceProperties(JsonObject body) =>
        body.Where(property => property.Key.EndsWith("@odata.bind", StringComparison.Ordinal) || property.Key == "@odata.id")
            .Select(property => (property.Key, Value: property.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : null))
            .Where(property => property.Value is not null && Reference(property.Value) is not null)
            .Select(property => (property.Key, property.Value!));

    // Only bodies that can hold a reference are parsed; a body that is not JSON fails later, as the request's own error.
    private static JsonObject? ReadBody(string body)
    {
        if (!body.Contains("\"$", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
