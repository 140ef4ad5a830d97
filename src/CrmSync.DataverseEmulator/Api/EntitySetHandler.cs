using CrmSync.DataverseEmulator.Api.Bulk;
using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Schema;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>Routes a request on <c>accounts</c>, <c>accounts(key)</c> or a bulk action to its operation; errors become Dataverse's envelope.</summary>
public sealed class EntitySetHandler(DataverseSchema schema, ReadOperations reads, WriteOperations writes, BulkOperations bulk, RecordWriter writer)
{
    public async Task<WebApiResponse> HandleAsync(WebApiRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var path = ResourcePath.Parse(schema, request.Path);
            if (HttpMethods.IsGet(request.Method) && path.Operation is null)
            {
                return path.Key is null ? reads.RetrieveMultiple(request, path) : reads.Retrieve(request, path);
            }

            var write = PrepareWrite(request, path);
            return write.Answer(await writer.RunAsync(write.Apply, cancellationToken));
        }
        catch (DataverseException error)
        {
            return WebApiResponse.Error(error);
        }
    }

    /// <summary>The write a request asks for, parsed but not run (a change set runs several in one transaction).</summary>
    /// <exception cref="DataverseException">The request is not a valid write.</exception>
    public PreparedWrite PrepareWrite(WebApiRequest request) => PrepareWrite(request, ResourcePath.Parse(schema, request.Path));

    private PreparedWrite PrepareWrite(WebApiRequest request, ResourcePath path) => (request.Method.ToUpperInvariant(), path) switch
    {
        ("POST", { Key: null, Operation: { } operation }) => bulk.Prepare(request, path, operation),
        ("POST", { Key: null }) => writes.Create(request, path),
        ("PATCH", { Key: not null }) => writes.Upsert(request, path),
        ("DELETE", { Key: not null }) => writes.Delete(request, path),
        _ => throw DataverseErrors.MethodNotAllowed(request.Method, $"{request.ServiceRoot}{request.Path}"),
    };
}
