namespace CrmSync.DataverseEmulator.Admin;

/// <summary>Counters since start, served by <c>GET /emulator/stats</c> so load tests can check what reached "Dataverse".</summary>
public sealed class EmulatorStats
{
    private long requests;
    private long recordsWritten;
    private long throttled;
    private int concurrent;
    private int maxConcurrent;

    public long Requests => Interlocked.Read(ref requests);

    public long RecordsWritten => Interlocked.Read(ref recordsWritten);

    public long Throttled => Interlocked.Read(ref throttled);

    public int MaxConcurrent => Volatile.Read(ref maxConcurrent);

    /// <summary>Counts a Web API request as started; dispose the result when it ends.</summary>
    public RequestScope StartRequest()
    {
        Interlocked.Increment(ref requests);
        var now = Interlocked.Increment(ref concurrent);
        var peak = Volatile.Read(ref maxConcurrent);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref maxConcurrent, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }

        return new RequestScope(this);
    }

    public void AddRecordsWritten(int count) => Interlocked.Add(ref recordsWritten, count);

    public void AddThrottled() => Interlocked.Increment(ref throttled);

    /// <summary>Starts counting afresh; requests in flight stay counted as concurrent.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref recordsWritten, 0);
        Interlocked.Exchange(ref throttled, 0);
        Interlocked.Exchange(ref maxConcurrent, Volatile.Read(ref concurrent));
    }

    public readonly struct RequestScope(EmulatorStats stats) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref stats.concurrent);
    }
}
