using CrmSync.DataverseEmulator.Errors;
using CrmSync.DataverseEmulator.Records;
using Microsoft.Extensions.Primitives;

namespace CrmSync.DataverseEmulator.Api.Batch;

/// <summary>
/// Runs a batch's requests one after another, as Dataverse does: each request alone, each change set in one
/// transaction that any failure rolls back. Stops at the first failure unless <c>Prefer: odata.continue-on-error</c>.
/// </summary>
public sealed class BatchExecutor(WebApiDispatcher dispatcher, EntitySetHandler entitySets, RecordWriter writer)
{
    public async Task<BatchOutcome> ExecuteAsync(WebApiRequest batch, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var continueOnError = batch.Preferences.ContinueOnError;
        var results = new List<BatchResult>(items.Count);
        foreach (var item in items)
        {
            BatchResult result = item switch
            {
                BatchChangeSet changeSet => await ExecuteChangeSetAsync(batch, changeSet, cancellationToken),
                BatchOperation operation => new OperationResult(
                    await dispatcher.HandleAsync(ToRequest(batch, operation, operation.Url, operation.Body), cancellationToken), operation.ContentId),
                _ => throw new ArgumentOutOfRangeException(nameof(items)),
            };
            results.Add(result);
            if (result.Failed && !continueOnError)
            {
                return new BatchOutcome(results, FailureStatus(result));
            }
        }

        return new BatchOutcome(results, 200);
    }

    private async Task<ChangeSetResult> ExecuteChangeSetAsync(WebApiRequest batch, BatchChangeSet changeSet, CancellationToken cancellationToken)
    {
        // Every request is parsed before any runs, and every $n resolves to a URL known before the write.
        var writes = new List<PreparedWrite>(changeSet.Operations.Count);
        var entityIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var operation in changeSet.Operations)
        {
            try
            {
                var (url, body) = ContentIdReferences.Resolve(operation, entityIds);
                writes.Add(entitySets.PrepareWrite(ToRequest(batch, operation, url, body)));
            }
            catch (DataverseException error)
            {
                return Failed(operation, error);
            }

            if (operation.ContentId is { } contentId && writes[^1].EntityId is { } entityId)
            {
                entityIds[contentId] = entityId;
            }
        }

        try
        {
            var written = await writer.RunAsync(session => writes.Select((write, index) =>
            {
                try
                {
                    return write.Apply(session);
                }
                catch (DataverseException error)
                {
                    throw new ChangeSetFailure(index, error);
                }
            }).ToList(), cancellationToken);
            return new ChangeSetResult(changeSet.Operations
                .Select((operation, index) => new OperationResult(writes[index].Answer(written[index]), operation.ContentId))
                .ToList());
        }
        catch (ChangeSetFailure failure)
        {
            return Failed(changeSet.Operations[failure.Index], failure.Error);
        }
    }

    private static ChangeSetResult Failed(BatchOperation operation, DataverseException error) =>
        new([new OperationResult(WebApiResponse.Error(error), operation.ContentId)]);

    private static int FailureStatus(BatchResult result) => result switch
    {
        OperationResult operation => operation.Response.Status,
        ChangeSetResult changeSet => changeSet.Operations.First(operation => operation.Failed).Response.Status,
        _ => 500,
    };

    /// <summary>A batch part as a Web API request: absolute URLs, <c>/api/data/v9.2/…</c> paths and relative paths all name the same resource.</summary>
    private static WebApiRequest ToRequest(WebApiRequest batch, BatchOperation operation, string url, string body)
    {
        var target = url.Trim();
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var pathStart = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            target = pathStart < 0 ? "" : target[pathStart..];
        }

        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        var prefix = path.IndexOf(ResourcePath.WebApiPrefix, StringComparison.OrdinalIgnoreCase);
        path = prefix >= 0 ? path[(prefix + ResourcePath.WebApiPrefix.Length)..] : path.TrimStart('/');
        var bytes = string.IsNullOrWhiteSpace(body) ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(body);
        return new WebApiRequest(operation.Method, batch.ServiceRoot, path, query, operation.Headers, bytes);
    }

    private sealed class ChangeSetFailure(int index, DataverseException error) : Exception(error.Message)
    {
        public int Index => index;

        public DataverseException Error => error;
    }
}
