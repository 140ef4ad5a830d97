namespace CrmSync.Bench.Scenarios.Offered;

/// <summary>Every answer of one phase, from all its senders, in total and second by second.</summary>
public sealed class PhaseTally
{
    private readonly Lock _gate = new();
    private readonly List<double> _acknowledged = [];
    private readonly List<double> _refused = [];
    private readonly Dictionary<int, long> _statuses = [];
    private readonly Dictionary<long, Counts> _bySecond = [];
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private long _acknowledgedChanges;
    private int _deliveriesAcknowledged;

    public int Deliveries { get; set; }

    public TimeSpan Elapsed { get; set; }

    public long Requests { get; private set; }

    public long NoAnswer { get; private set; }

    public string? FirstFailure { get; private set; }

    public long AcknowledgedChanges => Interlocked.Read(ref _acknowledgedChanges);

    public int DeliveriesAcknowledged => Volatile.Read(ref _deliveriesAcknowledged);

    public long RefusedCount => _statuses.GetValueOrDefault(429);

    public IReadOnlyDictionary<int, long> Statuses => _statuses;

    public LatencySummary Acknowledged => LatencySummary.Of([.. _acknowledged]);

    public LatencySummary Refused => LatencySummary.Of([.. _refused]);

    public void Answered(Answer answer)
    {
        lock (_gate)
        {
            Requests++;
            if (answer.Status == 0)
            {
                NoAnswer++;
            }
            else
            {
                _statuses[answer.Status] = _statuses.GetValueOrDefault(answer.Status) + 1;
            }

            var second = ThisSecond();
            if (answer.Succeeded)
            {
                _acknowledged.Add(answer.Latency.TotalMilliseconds);
            }
            else if (answer.Status == 429)
            {
                _refused.Add(answer.Latency.TotalMilliseconds);
                second.Refused++;
            }
            else
            {
                FirstFailure ??= answer.Failure;
                second.Failed++;
            }
        }
    }

    public void DeliveryAcknowledged(int changes)
    {
        Interlocked.Add(ref _acknowledgedChanges, changes);
        Interlocked.Increment(ref _deliveriesAcknowledged);
        lock (_gate)
        {
            ThisSecond().AcknowledgedChanges += changes;
        }
    }

    /// <summary>
    /// The answers in consecutive windows of <paramref name="width"/> (whole seconds) from the tally's start to
    /// <paramref name="until"/>, each by the time its answer came: changes acknowledged, requests refused with 429, and
    /// requests answered otherwise than 2xx or 429 or not at all. The last window takes the remainder and any answer
    /// counted after <paramref name="until"/>, so that the last answers of a phase are not a window of a fraction of a second.
    /// </summary>
    public IReadOnlyList<TallyWindow> Windows(TimeSpan width, TimeSpan until)
    {
        var seconds = (long)width.TotalSeconds;
        var count = Math.Max(1, (int)(until.TotalSeconds / seconds));
        lock (_gate)
        {
            return [.. Enumerable.Range(0, count).Select(window =>
            {
                var from = window * seconds;
                var to = window == count - 1 ? long.MaxValue : from + seconds;
                var counts = _bySecond.Where(second => second.Key >= from && second.Key < to).Select(second => second.Value).ToList();
                return new TallyWindow(
                    TimeSpan.FromSeconds(from), window == count - 1 ? until : TimeSpan.FromSeconds(to),
                    counts.Sum(c => c.AcknowledgedChanges), counts.Sum(c => c.Refused), counts.Sum(c => c.Failed));
            })];
        }
    }

    private Counts ThisSecond()
    {
        var second = (long)Stopwatch.GetElapsedTime(_createdAt).TotalSeconds;
        if (!_bySecond.TryGetValue(second, out var counts))
        {
            _bySecond[second] = counts = new Counts();
        }

        return counts;
    }

    private sealed class Counts
    {
        public long AcknowledgedChanges { get; set; }

        public long Refused { get; set; }

        public long Failed { get; set; }
    }
}

/// <summary>The answers of a <see cref="PhaseTally"/> between two times since its start.</summary>
public sealed record TallyWindow(TimeSpan From, TimeSpan To, long AcknowledgedChanges, long Refused, long Failed)
{
    public double AcknowledgedPerSecond => To > From ? AcknowledgedChanges / (To - From).TotalSeconds : 0;
}
