namespace CrmSync.Connectors.Shared;

/// <summary>
/// Reads records back from a CRM in batches. A CRM's API calls are metered and a bulk edit sends one notification a
/// record, so read-backs asked for within <c>delay</c> of each other go out as one request of up to <c>maxBatch</c>
/// ids (ServiceNow <c>sys_idIN</c>, Salesforce <c>WHERE Id IN</c>, …). One batcher serves one source and entity.
/// </summary>
/// <param name="readMany">Reads the ids; the answer holds the records found, and an id it lacks is deleted.</param>
public sealed class ReadBackBatcher(
    Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyDictionary<string, RecordChange>>> readMany,
    int maxBatch,
    TimeSpan delay,
    TimeProvider clock)
{
    private readonly object gate = new();
    private List<(string Id, TaskCompletionSource<RecordChange?> Answer)> pending = [];

    /// <summary>Requests sent to the CRM so far, for tests and telemetry.</summary>
    public long Requests => Interlocked.Read(ref requests);

    private long requests;

    /// <summary>The record as the CRM has it now, or null when the CRM no longer has it.</summary>
    public Task<RecordChange?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<RecordChange?>(TaskCreationOptions.RunContinuationsAsynchronously);
        List<(string, TaskCompletionSource<RecordChange?>)>? full = null;
        lock (gate)
        {
            pending.Add((id, answer));
            if (pending.Count >= maxBatch)
            {
                full = pending;
                pending = [];
            }
            else if (pending.Count == 1)
            {
                _ = FlushLaterAsync(pending);
            }
        }

        if (full is not null)
        {
            _ = SendAsync(full);
        }

        // One caller giving up must not cancel the batch the others wait for.
        return answer.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushLaterAsync(List<(string, TaskCompletionSource<RecordChange?>)> batch)
    {
        await Task.Delay(delay, clock);
        lock (gate)
        {
            // The batch went out already when it filled up.
            if (!ReferenceEquals(batch, pending))
            {
                return;
            }

            pending = [];
        }

        await SendAsync(batch);
    }

    private async Task SendAsync(List<(string Id, TaskCompletionSource<RecordChange?> Answer)> batch)
    {
        try
        {
            Interlocked.Increment(ref requests);
            var ids = batch.Select(b => b.Id).Distinct(StringComparer.Ordinal).ToList();
            var found = await readMany(ids, CancellationToken.None);
            foreach (var (id, answer) in batch)
            {
                answer.TrySetResult(found.GetValueOrDefault(id));
            }
        }
        catch (Exception ex)
        {
            foreach (var (_, answer) in batch)
            {
                answer.TrySetException(ex);
            }
        }
    }
}
