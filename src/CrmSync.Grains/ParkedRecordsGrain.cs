using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace CrmSync.Grains;

/// <summary>What a shard of the parked-records registry stores: its records by key.</summary>
[GenerateSerializer]
public sealed class ParkedRecordsState
{
    [Id(0)] public Dictionary<string, ParkedRecord> Records { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One shard of the parked-records registry. Reentrant, so that the Add and Remove calls of a mass refusal
/// (or of retry-parked) share storage writes: each call answers once a write that includes it is stored.
/// </summary>
[Reentrant]
public sealed partial class ParkedRecordsGrain(
    [PersistentState("parked", StorageNames.Records)] IPersistentState<ParkedRecordsState> store,
    ILogger<ParkedRecordsGrain> logger) : Grain, IParkedRecordsGrain
{
    private const int RetriesInFlight = 64;

    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;

    private Dictionary<string, ParkedRecord> Records => store.State.Records;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The dictionary itself, as the grain's state may only be read on its own thread; it is never replaced.
        var records = Records;
        RecordTelemetry.ShardActive(this.GetPrimaryKeyLong(), () => records.Count);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        RecordTelemetry.ShardInactive(this.GetPrimaryKeyLong());
        return Task.CompletedTask;
    }

    ValueTask IParkedRecordsGrain.Add(RecordKey key, string? error, DateTimeOffset parkedAt)
    {
        Records[key.ToString()] = new ParkedRecord(key, error, parkedAt);
        return new(Store());
    }

    ValueTask IParkedRecordsGrain.Remove(RecordKey key)
    {
        // Stored even when absent: an earlier Remove of it may still be on its way to storage.
        Records.Remove(key.ToString());
        return new(Store());
    }

    ValueTask<List<ParkedRecord>> IParkedRecordsGrain.List(string? after, int limit) => ValueTask.FromResult(
        Records.Where(r => after is null || string.CompareOrdinal(r.Key, after) > 0)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(r => r.Value)
            .ToList());

    ValueTask<int> IParkedRecordsGrain.RetryAll()
    {
        var keys = Records.Keys.ToList();
        _ = RetryEach(keys);
        return ValueTask.FromResult(keys.Count);
    }

    private async Task RetryEach(List<string> keys)
    {
        foreach (var batch in keys.Chunk(RetriesInFlight))
        {
            await Task.WhenAll(batch.Select(async key =>
            {
                try
                {
                    await GrainFactory.GetGrain<IRecordGrain>(key).Retry();
                }
                catch (Exception ex)
                {
                    // The record stays parked and listed; the next retry-parked asks it again.
                    LogRetryFailed(ex, key);
                }
            }));
        }
    }

    /// <summary>Joins the next write, which starts once the one in progress ends, so calls made meanwhile share it.</summary>
    private Task Store() => _nextWrite ??= WriteNext();

    private async Task WriteNext()
    {
        // Yield first, so that Store() has recorded this write as the one to join before it starts.
        await Task.Yield();
        try
        {
            await _lastWrite;
        }
        catch (Exception)
        {
            // That write's callers were told; this one writes everything again.
        }

        _nextWrite = null;
        _lastWrite = WriteOrReload();
        await _lastWrite;
    }

    private async Task WriteOrReload()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // The ETag may be stale and memory holds what storage does not: start again from storage.
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked record {Key} could not be asked to retry")]
    private partial void LogRetryFailed(Exception exception, string key);
}
