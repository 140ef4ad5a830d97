using CrmSync.DataverseEmulator.Api.Metadata;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// Sends a Web API request to the handler of its first segment. Independent of HttpContext, so a plain request
/// and a <c>$batch</c> part are served the same way.
/// </summary>
public sealed class WebApiDispatcher(EntitySetHandler entitySets, MetadataHandler metadata, SdkMessageFilterHandler messageFilters)
{
    public async Task<WebApiResponse> HandleAsync(WebApiRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return FirstSegmentName(request.Path) switch
            {
                "WhoAmI" when HttpMethods.IsGet(request.Method) => WhoAmI.Answer(request),
                "EntityDefinitions" => metadata.Handle(request),
                "sdkmessagefilters" => messageFilters.Handle(request),
                // Only a batch part reaches here with a POST: the $batch endpoint itself is routed apart.
                "$batch" when HttpMethods.IsPost(request.Method) => throw BatchErrors.Nested(),
                "$batch" => throw DataverseErrors.MethodNotAllowed(request.Method, $"{request.ServiceRoot}{request.Path}"),
                _ => await entitySets.HandleAsync(request, cancellationToken),
            };
        }
        catch (DataverseException error)
        {
            return WebApiResponse.Error(error);
        }
    }

    private static string FirstSegmentName(string path)
    {
        var end = path.IndexOfAny(['(', '/']);
        return Uri.UnescapeDataString(end < 0 ? path : path[..end]);
    }
}
