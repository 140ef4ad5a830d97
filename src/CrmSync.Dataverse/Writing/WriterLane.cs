namespace CrmSync.Dataverse.Writing;

/// <summary>
/// One application user: its own client, its own concurrency budget and its own throttling pause,
/// because Dataverse's service-protection limits count per user.
/// </summary>
public sealed class WriterLane(string name, DataverseClient client)
{
    private int _inFlight;
    private long _pausedUntilTicks;

    public string Name => name;

    public DataverseClient Client => client;

    public int Capacity { get; set; } = 1;

    public int InFlight => Volatile.Read(ref _inFlight);

    public DateTimeOffset PausedUntil => new(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    public bool IsAvailable(DateTimeOffset now) => InFlight < Capacity && PausedUntil <= now;

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>After a 429 the user sends nothing until Retry-After has passed; a later, longer pause wins.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _pausedUntilTicks)) < until.UtcTicks
               && Interlocked.CompareExchange(ref _pausedUntilTicks, until.UtcTicks, seen) != seen)
        {
        }
    }
}
