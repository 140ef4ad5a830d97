using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>Routes a request on <c>accounts</c> or <c>accounts(key)</c> to its operation; errors become Dataverse's envelope.</summary>
public sealed class EntitySetHandler(ReadOperations reads, WriteOperations writes)
{
    public async Task<WebApiResponse> HandleAsync(WebApiRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var path = ResourcePath.Parse(request.Path);
            return (request.Method.ToUpperInvariant(), path.Key is null) switch
            {
                ("GET", true) => reads.RetrieveMultiple(request, path),
                ("GET", false) => reads.Retrieve(request, path),
                ("POST", true) => await writes.CreateAsync(request, path, cancellationToken),
                ("PATCH", false) => await writes.UpsertAsync(request, path, cancellationToken),
                ("DELETE", false) => await writes.DeleteAsync(request, path, cancellationToken),
                _ => throw DataverseErrors.MethodNotAllowed(request.Method, $"{request.ServiceRoot}{request.Path}"),
            };
        }
        catch (DataverseException error)
        {
            return WebApiResponse.Error(error);
        }
    }
}
