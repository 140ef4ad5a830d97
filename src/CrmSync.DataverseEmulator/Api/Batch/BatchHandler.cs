using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary><c>POST $batch</c>: one HTTP request, so one request against the service-protection limits however many it carries.</summary>
public sealed class BatchHandler(BatchExecutor executor)
{
    public async Task<WebApiResponse> HandleAsync(WebApiRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var items = BatchRequestReader.Read(request);
            return BatchResponseWriter.Write(await executor.ExecuteAsync(request, items, cancellationToken));
        }
        catch (DataverseException error)
        {
            return WebApiResponse.Error(error);
        }
    }
}
