using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Query;
using CrmSync.DataverseEmulator.Records;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>GET of one row (by primary or alternate key) and of a collection with paging (specs/dataverse.md §9).</summary>
public sealed class ReadOperations(RecordReader reader, ChangeTracking.ChangeTracker changes, IOptions<EmulatorOptions> options)
{
    public WebApiResponse Retrieve(WebApiRequest request, ResourcePath path)
    {
        var query = QueryOptions.SelectOnly(path.Table, request.Query);
        var row = reader.Find(path.Table, path.Key!) ?? throw RecordWriter.NotFound(path.Table, path.Key!);
        if (request.IfNoneMatchVersion == row.Version)
        {
            return new WebApiResponse(304).With("ETag", row.ETag);
        }

        var context = RecordJson.EntityContext(request.ServiceRoot, path.Table, query.SelectText);
        return WebApiResponse.Json(200, writer => RecordJson.WriteEntity(writer, row, query.Select, context, request.Preferences.LookupLogicalNames))
            .With("ETag", row.ETag);
    }

    public WebApiResponse RetrieveMultiple(WebApiRequest request, ResourcePath path)
    {
        if (request.Query.ContainsKey("$deltatoken"))
        {
            return changes.Delta(request, path);
        }

        if (request.Preferences.TrackChanges)
        {
            return changes.Start(request, path);
        }

        var query = QueryOptions.Parse(path.Table, request.Query);
        var maxPageSize = options.Value.MaxPageSize;
        var preferred = request.Preferences.MaxPageSize;
        // Dataverse ignores $top when odata.maxpagesize is sent, and ignores a page size above its maximum.
        if (preferred is not null)
        {
            query = query with { Top = null };
        }

        var pageSize = preferred is { } size && size <= maxPageSize ? size : maxPageSize;
        var page = reader.Query(path.Table, query, pageSize);

        var response = WebApiResponse.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", RecordJson.CollectionContext(request.ServiceRoot, path.Table, query.SelectText));
            if (page.Count is { } count)
            {
                writer.WriteNumber("@odata.count", count);
            }

            writer.WriteStartArray("value");
            foreach (var row in page.Rows)
            {
                RecordJson.WriteEntity(writer, row, query.Select, lookupLogicalNames: request.Preferences.LookupLogicalNames);
            }

            writer.WriteEndArray();
            if (page.Next is { } next)
            {
                writer.WriteString("@odata.nextLink", NextLink(request, next));
            }

            writer.WriteEndObject();
        });

        return preferred is { } applied && applied <= maxPageSize
            ? response.With("Preference-Applied", $"odata.maxpagesize={applied}")
            : response;
    }

    // The next link repeats the request's own query options, as the client wrote them, plus the new token.
    private static string NextLink(WebApiRequest request, SkipToken next)
    {
        var options = request.RawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(option => !Uri.UnescapeDataString(option).StartsWith("$skiptoken=", StringComparison.Ordinal))
            .Append($"$skiptoken={Uri.EscapeDataString(next.Encode())}");
        return $"{request.ServiceRoot}{request.Path}?{string.Join('&', options)}";
    }
}
