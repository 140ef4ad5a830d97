namespace CrmSync.CrmSimulator.Control;

/// <summary>The body of <c>POST /simulator/faults</c>: either a status for the next requests, or malformed pages.</summary>
public sealed record FaultRequest(int? Status, int? Count, int? RetryAfterSeconds, bool? Malformed)
{
    public string? Problem() => (Status, Malformed, Count, RetryAfterSeconds) switch
    {
        (null, not true, _, _) => "Give a status (e.g. {\"status\":429,\"count\":3}) or {\"malformed\":true}.",
        (not null, true, _, _) => "Give either a status or malformed, not both; send two requests for both.",
        (_, _, < 1, _) => "count must be 1 or more (leave it out for 1).",
        (< 400 or > 599, _, _, _) => "status must be an error status between 400 and 599, e.g. 429 or 503.",
        (_, _, _, < 0) => "retryAfterSeconds must be 0 or more.",
        _ => null,
    };
}

/// <summary>An injected status answer, with its Retry-After when one was asked for.</summary>
public sealed record StatusFault(int Status, int? RetryAfterSeconds);

/// <summary>Faults queued for the next /api requests: each answer or page takes one until the count runs out.</summary>
public sealed class FaultQueue
{
    private readonly Lock gate = new();
    private StatusFault? status;
    private int statusRemaining;
    private int malformedRemaining;

    public void Add(FaultRequest request)
    {
        lock (gate)
        {
            if (request.Malformed == true)
            {
                malformedRemaining = request.Count ?? 1;
            }
            else
            {
                status = new StatusFault(request.Status!.Value, request.RetryAfterSeconds);
                statusRemaining = request.Count ?? 1;
            }
        }
    }

    public StatusFault? TakeStatus()
    {
        lock (gate)
        {
            if (statusRemaining == 0)
            {
                return null;
            }

            statusRemaining--;
            return status;
        }
    }

    public bool TakeMalformed()
    {
        lock (gate)
        {
            if (malformedRemaining == 0)
            {
                return false;
            }

            malformedRemaining--;
            return true;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            status = null;
            statusRemaining = 0;
            malformedRemaining = 0;
        }
    }
}
