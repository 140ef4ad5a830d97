namespace CrmSync.Bench.Harness;

/// <summary>
/// Sees every row written to an entity set, soon after it is written, by asking the emulator again and again for the
/// rows whose <c>versionnumber</c> is above the highest seen. The emulator, like Dataverse, gives each write a higher
/// versionnumber than the last and commits writes in that order, so nothing is skipped; a row written twice between two
/// polls is seen once, in its newer state.
/// </summary>
public sealed class RowWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private long _polls;
    private long _refused;

    /// <param name="sourceIdPrefix">Only rows whose msdyn_source_crm_id starts with it.</param>
    /// <param name="select">The columns <paramref name="onRow"/> reads, comma-separated.</param>
    /// <param name="onRow">Hears each row with the Stopwatch timestamp of the poll that saw it; called from one task at a time.</param>
    public RowWatcher(EmulatorClient dataverse, string entitySet, string sourceIdPrefix, string select, Action<JsonObject, long> onRow, TimeSpan? interval = null)
    {
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        _polling = Task.Run(async () =>
        {
            var last = 0L;
            while (!_stop.IsCancellationRequested)
            {
                IReadOnlyList<JsonObject> rows;
                try
                {
                    Interlocked.Increment(ref _polls);
                    rows = await dataverse.RowsAsync(
                        entitySet,
                        $"startswith(msdyn_source_crm_id,'{sourceIdPrefix}') and versionnumber gt {last}",
                        $"msdyn_source_crm_id,versionnumber,{select}");
                }
                catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // The emulator enforces limits on the watcher's identity too: ask again after a while.
                    Interlocked.Increment(ref _refused);
                    rows = [];
                }

                var seenAt = Stopwatch.GetTimestamp();
                foreach (var row in rows.OrderBy(row => (long)row["versionnumber"]!))
                {
                    onRow(row, seenAt);
                    last = Math.Max(last, (long)row["versionnumber"]!);
                }

                try
                {
                    await Task.Delay(pause, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>Polls the watcher has made (each one request unless it returned over 5,000 rows), which the emulator's request counter includes.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Polls the emulator answered 429, which its throttled counter includes.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Stops polling; a failed poll surfaces here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
