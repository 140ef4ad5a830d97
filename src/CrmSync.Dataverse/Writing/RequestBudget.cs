namespace CrmSync.Dataverse.Writing;

/// <summary>
/// One application user's share of Dataverse's request limit (specs/dataverse.md §5: so many requests per sliding
/// window, per user). It remembers when it sent each request of the window, and learns the limit in force from the
/// <c>x-ms-ratelimit-burst-remaining-xrm-requests</c> header of each answer (the requests it had in the window when it
/// sent that request, plus those the server says remain), so other clients of the same user and a limit that differs
/// from the configured one are taken into account. The window's length comes from the options.
/// Until an answer has told the limit, one request at a time: the configured limit is only a guess.
/// Two rules follow from it:
/// <list type="bullet">
/// <item>No room: while the window has no request left, nothing is sent until one leaves it (a window after its answer),
/// so the writer waits instead of spending a request on a 429. After a 429, one request asks again once Retry-After
/// has passed (twice as late after each refusal in a row), and its answer says how many more the window takes.</item>
/// <item>Pace: a request short of the target size goes only at the pace that would spend the remaining requests over a
/// whole window (one every window ÷ remaining). A quiet writer is far behind that pace, so a lone change leaves at
/// once; a busy one settles at about half the window's requests and fills its requests meanwhile.</item>
/// </list>
/// </summary>
public sealed class RequestBudget
{
    /// <summary>
    /// When the window looks full but no answer has said so for this long, one request may go to ask: the configured
    /// window may be longer than the server's, and only an answer (or a 429's Retry-After) tells.
    /// </summary>
    private static readonly TimeSpan MaxProbeDelay = TimeSpan.FromSeconds(10);

    /// <summary>How often to look again while the window is full of requests still unanswered.</summary>
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Answers without the header after which the configured limit is trusted: a server that never sends it.</summary>
    private const int AnswersUntilTrusted = 3;

    // The window twice over, each time erring on the safe side: by when each request was sent, to tell which of ours
    // the server surely still counted when it answered; and by when each was answered, to decide when there is room,
    // so that a request never goes while the server may still count the one it replaces. Both queues stay sorted.
    private readonly Queue<long> _sent = new();
    private readonly Queue<long> _answered = new();
    private readonly Lock _gate = new();
    private readonly TimeSpan _window;
    private readonly TimeSpan _probeDelay;
    private readonly TimeProvider _time;
    private int _inFlight;
    private long _sentTotal;
    private long _forgottenTotal;
    private int _answersUntilTrusted = AnswersUntilTrusted;
    private int _refusedInARow;
    private int _limit;
    private long _lastSent;
    private long _probeAt = long.MaxValue;

    public RequestBudget(int requestsPerWindow, TimeSpan window, TimeProvider? time = null)
    {
        if (requestsPerWindow <= 0 || window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerWindow),
                $"A request budget of {requestsPerWindow} per {window} cannot be kept; set CrmSync:Dataverse:RequestsPerWindow and RequestWindow to positive values (Dataverse's are 6000 per 00:05:00).");
        }

        _limit = requestsPerWindow;
        _window = window;
        _probeDelay = window < MaxProbeDelay ? window : MaxProbeDelay;
        _time = time ?? TimeProvider.System;
        _lastSent = _time.GetTimestamp() - Ticks(window);
    }

    /// <summary>The requests the window allows, as last learnt from the server (or configured).</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>The requests left in the window now.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return RemainingAt(_time.GetTimestamp());
            }
        }
    }

    /// <summary>How long until a request may be sent at all: zero when the window has room (or it is time to ask).</summary>
    public TimeSpan UntilRoom()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            return RemainingAt(now) > 0 ? TimeSpan.Zero : UntilRoomLocked(now);
        }
    }

    /// <summary>How long a request short of the target size should wait to keep the pace: zero when it may go now.</summary>
    public TimeSpan UntilPaced()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var remaining = RemainingAt(now);
            if (remaining == 0)
            {
                return UntilRoomLocked(now);
            }

            var due = _lastSent + Ticks(_window / remaining);
            return Elapsed(now, due);
        }
    }

    /// <summary>Counts a request about to be sent; hand the ticket back with its answer to <see cref="Answered"/>.</summary>
    public Ticket Spend()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Forget(now);
            _inFlight++;
            _sent.Enqueue(now);
            _sentTotal++;
            _lastSent = now;
            return new Ticket(_sentTotal, _inFlight - 1);
        }
    }

    /// <summary>Counts a request as answered; only the first call for a ticket counts.</summary>
    /// <param name="remaining">The server's x-ms-ratelimit-burst-remaining-xrm-requests, when it sent one.</param>
    /// <param name="retryAfter">The server's Retry-After on a refusal: it will have room again by then.</param>
    public void Answered(Ticket ticket, int? remaining, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            if (ticket.IsAnswered)
            {
                return;
            }

            ticket.IsAnswered = true;
            var now = _time.GetTimestamp();
            Forget(now);
            _answersUntilTrusted = remaining is null ? _answersUntilTrusted - 1 : 0;
            if (remaining is { } left)
            {
                // When it took this request, the server counted the requests it knows of in its window, and said what
                // remains. Ours among them are surely those sent up to this one and still in the window a window before
                // the answer (it took this one before answering), less those still unanswered when this one left (it may
                // have taken them after). Whatever else it counts (other clients of the user, a smaller limit) lowers
                // ours. A refused request is in our count and not in the server's.
                var ours = ticket.Sequence - _forgottenTotal - ticket.InFlightBefore;
                _limit = (int)Math.Max(1, ours + left - (retryAfter is null ? 0 : 1));
            }

            // The server took the request somewhere between sending and answering and keeps it a window from then:
            // counting the window from the answer never lets a request go that the server would still count.
            _inFlight--;
            _answered.Enqueue(now);
            // Refused again and again (the window holds more than the limit, e.g. one just lowered), ask less often:
            // Retry-After says when the oldest request leaves, not when enough have.
            _refusedInARow = retryAfter is null ? 0 : Math.Min(_refusedInARow + 1, 6);
            _probeAt = now + Ticks(retryAfter is { } wait ? wait * (1 << (_refusedInARow - 1)) : _probeDelay);
        }
    }

    private TimeSpan UntilRoomLocked(long now)
    {
        // Room comes back when enough answered requests have left the window; while any request is unanswered, its
        // answer will tell more than a probe.
        var probeAt = _inFlight == 0 ? _probeAt : long.MaxValue;
        if (now >= probeAt)
        {
            return TimeSpan.Zero;
        }

        if (IsStarting)
        {
            return InFlightPoll;
        }

        var leaving = _inFlight + _answered.Count - _limit;
        var freed = leaving < _answered.Count ? _answered.ElementAt(leaving) + Ticks(_window) : now + Ticks(InFlightPoll);
        return Elapsed(now, Math.Min(freed, probeAt));
    }

    private bool IsStarting => _answersUntilTrusted > 0 && _inFlight > 0;

    private int RemainingAt(long now)
    {
        Forget(now);
        return IsStarting ? 0 : Math.Max(0, _limit - _inFlight - _answered.Count);
    }

    private void Forget(long now)
    {
        var before = now - Ticks(_window);
        while (_answered.Count > 0 && _answered.Peek() <= before)
        {
            _answered.Dequeue();
        }

        while (_sent.Count > 0 && _sent.Peek() <= before)
        {
            _sent.Dequeue();
            _forgottenTotal++;
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan Elapsed(long from, long to) => to > from ? _time.GetElapsedTime(from, to) : TimeSpan.Zero;

    /// <summary>A request sent and not yet answered.</summary>
    /// <param name="sequence">How many requests had been sent, this one included.</param>
    /// <param name="inFlightBefore">How many others were unanswered when it was sent.</param>
    public sealed class Ticket(long sequence, int inFlightBefore)
    {
        public long Sequence => sequence;

        public int InFlightBefore => inFlightBefore;

        internal bool IsAnswered { get; set; }
    }
}
