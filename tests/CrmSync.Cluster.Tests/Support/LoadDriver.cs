using System.Collections.Concurrent;
using System.Diagnostics;

namespace CrmSync.Cluster.Tests.Support;

/// <summary>
/// Sends a <see cref="ShuffledLoad"/> from many senders that resend on anything but 2xx, as CRMs do, and injects faults
/// while it runs: each fault starts once its share of the requests has been taken, and the senders go no further than
/// <see cref="Spacing"/> past a fault until it has finished, so every fault happens under load. Every send's start and end
/// are kept, so the time to recover from each fault can be read afterwards.
/// </summary>
public sealed class LoadDriver(CrmSyncSystem system, ShuffledLoad load, int senders)
{
    /// <summary>How far, as a share of the requests, the senders may run ahead of an unfinished fault.</summary>
    public const double Spacing = 0.1;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<(TimeSpan Start, TimeSpan End, string? Failure)> _sends = new();
    private readonly Stopwatch _clock = new();
    private int _taken;
    private int _resends;

    public int Resends => _resends;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs <paramref name="inject"/> once <paramref name="share"/> of the requests have been taken.</summary>
    public LoadDriver WithFault(string name, double share, Func<Task> inject)
    {
        _faults.Add(new Fault(name, (int)(share * load.Requests.Count), inject));
        return this;
    }

    public async Task RunAsync()
    {
        _clock.Start();
        var injecting = InjectFaultsAsync();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => SendAsync()));
        await injecting;
        _clock.Stop();
    }

    /// <summary>
    /// Per fault: when it started, how long it took, its recovery - the time from its start to the answer of the last
    /// failed send that ended after it and began before the next fault (zero when none failed) - and how much time those
    /// failed sends covered, from each one's start to its answer.
    /// </summary>
    public IReadOnlyList<FaultReport> Reports()
    {
        var sends = _sends.ToList();
        return [.. _faults.Select((fault, i) =>
        {
            var until = i + 1 < _faults.Count ? _faults[i + 1].StartedAt : TimeSpan.MaxValue;
            var failures = sends.Where(send => send.Failure is not null && send.End >= fault.StartedAt && send.Start < until).ToList();
            var recovery = failures.Count == 0 ? TimeSpan.Zero : failures.Max(send => send.End) - fault.StartedAt;
            var refusing = Covered(failures.Select(send => (send.Start, send.End)));
            var slowest = sends.Where(send => send.End >= fault.StartedAt && send.Start < until).MaxBy(send => send.End - send.Start);
            return new FaultReport(fault.Name, fault.StartedAt, fault.Duration, failures.Count, recovery, slowest.End - slowest.Start, slowest.Failure)
            {
                Refusing = refusing,
            };
        })];
    }

    /// <summary>How much time the intervals cover together.</summary>
    private static TimeSpan Covered(IEnumerable<(TimeSpan Start, TimeSpan End)> intervals)
    {
        var covered = TimeSpan.Zero;
        var until = TimeSpan.MinValue;
        foreach (var (start, end) in intervals.OrderBy(interval => interval.Start))
        {
            covered += end > until ? end - (start > until ? start : until) : TimeSpan.Zero;
            until = end > until ? end : until;
        }

        return covered;
    }

    private async Task SendAsync()
    {
        int index;
        while ((index = Interlocked.Increment(ref _taken) - 1) < load.Requests.Count)
        {
            foreach (var fault in _faults.Where(fault => index >= fault.AtRequest + Spacing * load.Requests.Count))
            {
                await fault.Done.Task;
            }

            var message = WebhookMessage.Of(load.Requests[index]);
            var (_, attempts) = await system.Webhooks.DeliverAsync(message, Patience, (took, failure) =>
            {
                var end = _clock.Elapsed;
                _sends.Enqueue((end - took, end, failure));
            });
            Interlocked.Add(ref _resends, attempts - 1);
        }
    }

    private async Task InjectFaultsAsync()
    {
        foreach (var fault in _faults)
        {
            while (Volatile.Read(ref _taken) < fault.AtRequest)
            {
                await Task.Delay(20);
            }

            fault.StartedAt = _clock.Elapsed;
            try
            {
                await fault.Inject();
                fault.Duration = _clock.Elapsed - fault.StartedAt;
                fault.Done.SetResult();
            }
            catch (Exception e)
            {
                fault.Done.SetException(e);
                throw;
            }
        }
    }

    private sealed class Fault(string name, int atRequest, Func<Task> inject)
    {
        public string Name { get; } = name;

        public int AtRequest { get; } = atRequest;

        public Func<Task> Inject { get; } = inject;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan StartedAt { get; set; }

        public TimeSpan Duration { get; set; }
    }
}

/// <param name="Slowest">The longest a send took to be answered, of those under way during the fault.</param>
/// <param name="SlowestFailure">Why the slowest send was not acknowledged; null when it was.</param>
public sealed record FaultReport(string Name, TimeSpan StartedAt, TimeSpan Duration, int FailedSends, TimeSpan Recovery, TimeSpan Slowest, string? SlowestFailure)
{
    /// <summary>The time covered by the sends not acknowledged, each from its start to its answer: how long webhooks were refused.</summary>
    public TimeSpan Refusing { get; init; }

    /// <summary>How long after the fault's end the last send not acknowledged was answered (negative when before).</summary>
    public TimeSpan RecoveryAfterEnd => Recovery - Duration;

    public override string ToString() =>
        $"{Name}: at {StartedAt.TotalSeconds:0.0} s, took {Duration.TotalSeconds:0.0} s; {FailedSends} sends not acknowledged, refused for {Refusing.TotalSeconds:0.0} s, " +
        $"the last answered {Recovery.TotalSeconds:0.0} s after the fault began ({RecoveryAfterEnd.TotalSeconds:+0.0;-0.0} s after it ended); slowest answer {Slowest.TotalSeconds:0.00} s" +
        (SlowestFailure is null ? "" : $" ({SlowestFailure})");
}
