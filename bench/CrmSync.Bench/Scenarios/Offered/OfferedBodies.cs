namespace CrmSync.Bench.Scenarios.Offered;

/// <summary>
/// Requests of 100 changes to a pool of records, each change a newer version of its record than any before it
/// (change i is record i mod pool at version i / pool + 1), and the newest version acknowledged for each record.
/// </summary>
public sealed class OfferedBodies(string prefix, int pool, string secret)
{
    public const int PerRequest = 100;

    private readonly long[] _acknowledged = new long[pool];
    private long _next;

    public string Prefix => prefix;

    /// <summary>One change per record: the records become active and their rows exist before anything is measured.</summary>
    public IReadOnlyList<PreparedRequest> Warming() =>
        [.. Enumerable.Range(0, pool / PerRequest).Select(_ => NextDelivery().Request)];

    public IReadOnlyList<PreparedRequest> Next(int count) => [.. Enumerable.Range(0, count).Select(_ => NextDelivery().Request)];

    /// <summary>The next request, signed now, and the index of its first change.</summary>
    public (PreparedRequest Request, long FirstChange) NextDelivery()
    {
        var first = Interlocked.Add(ref _next, PerRequest) - PerRequest;
        var changes = Enumerable.Range(0, PerRequest).Select(k => Change(first + k)).ToList();
        return (PreparedRequest.Webhook(changes, secret), first);
    }

    public void Acknowledged(long firstChange)
    {
        for (var i = firstChange; i < firstChange + PerRequest; i++)
        {
            ref var newest = ref _acknowledged[i % pool];
            var version = i / pool + 1;
            for (var seen = Volatile.Read(ref newest); seen < version; seen = Volatile.Read(ref newest))
            {
                if (Interlocked.CompareExchange(ref newest, version, seen) == seen)
                {
                    break;
                }
            }
        }
    }

    public IEnumerable<(string Id, long Version)> AcknowledgedVersions() =>
        Enumerable.Range(0, pool).Where(record => Volatile.Read(ref _acknowledged[record]) > 0)
            .Select(record => (Id(record), Volatile.Read(ref _acknowledged[record])));

    private GenericChange Change(long i) => BenchChanges.Account(Id(i % pool), i / pool + 1);

    private string Id(long record) => $"{prefix}-r{record}";
}
