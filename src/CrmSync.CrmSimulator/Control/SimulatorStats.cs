namespace CrmSync.CrmSimulator.Control;

/// <param name="ReadBacks">Reads of named records, as a connector reads records back (ServiceNow sys_id paths and sys_idIN queries, Salesforce Id IN queries and sobject reads, …).</param>
/// <param name="Tokens">OAuth tokens handed out.</param>
public sealed record StatsResponse(long Requests, long Pages, long Records, long Throttled, long Failed, long Unauthorized, long ReadBacks, long Tokens);

/// <summary>Counters of the /api and Salesforce /services traffic since start or reset; benchmarks and tests read them through /simulator/stats.</summary>
public sealed class SimulatorStats
{
    private long requests;
    private long pages;
    private long records;
    private long throttled;
    private long failed;
    private long unauthorized;
    private long readBacks;
    private long tokens;

    public void Request() => Interlocked.Increment(ref requests);

    public void Page(int recordCount)
    {
        Interlocked.Increment(ref pages);
        Interlocked.Add(ref records, recordCount);
    }

    public void Throttled() => Interlocked.Increment(ref throttled);

    public void Failed() => Interlocked.Increment(ref failed);

    public void Unauthorized() => Interlocked.Increment(ref unauthorized);

    public void ReadBack() => Interlocked.Increment(ref readBacks);

    /// <summary>An OAuth token request: Salesforce does not count these as API calls, so they are not in requests.</summary>
    public void Token() => Interlocked.Increment(ref tokens);

    public StatsResponse Snapshot() => new(
        Interlocked.Read(ref requests), Interlocked.Read(ref pages), Interlocked.Read(ref records),
        Interlocked.Read(ref throttled), Interlocked.Read(ref failed), Interlocked.Read(ref unauthorized),
        Interlocked.Read(ref readBacks), Interlocked.Read(ref tokens));

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref pages, 0);
        Interlocked.Exchange(ref records, 0);
        Interlocked.Exchange(ref throttled, 0);
        Interlocked.Exchange(ref failed, 0);
        Interlocked.Exchange(ref unauthorized, 0);
        Interlocked.Exchange(ref readBacks, 0);
        Interlocked.Exchange(ref tokens, 0);
    }
}
