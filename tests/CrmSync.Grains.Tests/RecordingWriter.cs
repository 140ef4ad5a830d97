using System.Collections.Concurrent;
using CrmSync.Dataverse;
using CrmSync.Dataverse.Writing;

namespace CrmSync.Grains.Tests;

/// <summary>
/// Passes every write to the real writer (HTTP to the emulator) and records, per row, what was sent
/// and how many writes were in flight at once, so tests can check I4 from the outside.
/// </summary>
public sealed class RecordingWriter(BatchingDataverseWriter inner) : IDataverseWriter
{
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();
    private int _maxInFlightPerRow;

    public ConcurrentDictionary<Guid, ConcurrentQueue<RowWrite>> Sent { get; } = new();

    public int MaxInFlightPerRow => Volatile.Read(ref _maxInFlightPerRow);

    /// <summary>While set, every write is answered as a full writer answers it, and not sent.</summary>
    public bool Full { get; set; }

    public int Count(Guid rowId) => Sent.TryGetValue(rowId, out var writes) ? writes.Count : 0;

    public async Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default)
    {
        var now = _inFlight.AddOrUpdate(write.RowId, 1, (_, n) => n + 1);
        InterlockedMax(ref _maxInFlightPerRow, now);
        Sent.GetOrAdd(write.RowId, _ => new()).Enqueue(write);
        try
        {
            if (Full)
            {
                return new WriteResult(WriteStatus.Deferred, "The writer is full (test).");
            }

            return await inner.WriteAsync(write, cancellationToken);
        }
        finally
        {
            _inFlight.AddOrUpdate(write.RowId, 0, (_, n) => n - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
