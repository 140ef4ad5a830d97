using System.Diagnostics;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// A run's progress, written by the reconciler off the grain's scheduler and read by the grain's status calls, so
/// every read and write takes the lock.
/// </summary>
public sealed class ReconcileProgress
{
    private readonly Lock _lock = new();
    private ReconcilePhase _phase = ReconcilePhase.NotStarted;
    private long _done;
    private long? _total;
    private long _phaseStarted = Stopwatch.GetTimestamp();

    public void Enter(ReconcilePhase phase, long? total = null)
    {
        lock (_lock)
        {
            (_phase, _done, _total, _phaseStarted) = (phase, 0, total, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The run ended: its last line shows the source records it compared, all done.</summary>
    public void End(ReconcilePhase phase, long records)
    {
        lock (_lock)
        {
            (_phase, _done, _total) = (phase, records, records);
        }
    }

    public void Advance(long count, long? total = null)
    {
        lock (_lock)
        {
            _done += count;
            _total = total ?? _total;
        }
    }

    /// <summary>The phase, its count so far, its total when known, and its items per second.</summary>
    public (ReconcilePhase Phase, long Done, long? Total, double Rate) Read()
    {
        lock (_lock)
        {
            var seconds = Stopwatch.GetElapsedTime(_phaseStarted).TotalSeconds;
            return (_phase, _done, _total, seconds > 0 ? _done / seconds : 0);
        }
    }
}
