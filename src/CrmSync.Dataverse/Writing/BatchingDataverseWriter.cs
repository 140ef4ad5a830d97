using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse.Writing;

/// <summary>
/// The silo's one way to Dataverse. Record grains hand it single rows; a single dispatcher groups them
/// per table into requests: UpsertMultiple for rows CrmSync writes for the first time, $batch (each row with its own
/// If-Match, outcome and new version) for the rest. It sends as soon as a concurrency slot is free and
/// the user's <see cref="RequestBudget"/> allows, so a lone change goes out at once; when requests run
/// short of the window, rows wait (up to MaxFlushDelay) to fill the next request, and while the window
/// has none left everything waits for room, so under load requests grow towards 1,000 rows instead of
/// spending the window on small ones. Concurrency stays within the server's x-ms-dop-hint and the
/// per-user limit; a 429 pauses that user for Retry-After, and its rows go back to their grains as
/// transient failures to be sent again, so nothing is lost (I7). It holds at most MaxRowsWaiting rows not yet in a
/// request; past that a row is answered Deferred at once, so what waits in the silo's memory for Dataverse stays bounded.
/// </summary>
public sealed partial class BatchingDataverseWriter : IDataverseWriter, IAsyncDisposable
{
    private readonly Channel<PendingWrite> _incoming = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WriteBuffer _buffer = new();
    private readonly IReadOnlyList<WriterLane> _lanes;
    private readonly Dictionary<WriterLane, RequestBudget> _budgets;
    private readonly DataverseCapabilities _capabilities;
    private readonly DataverseWriterOptions _options;
    private readonly ILogger<BatchingDataverseWriter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _dispatcher;
    private SemaphoreSlim _slots = new(0);
    private int _waiting;

    public BatchingDataverseWriter(
        IReadOnlyList<WriterLane> lanes,
        DataverseCapabilities capabilities,
        IOptions<DataverseWriterOptions> options,
        ILogger<BatchingDataverseWriter> logger)
    {
        _lanes = lanes;
        _capabilities = capabilities;
        _options = options.Value;
        _logger = logger;
        _budgets = lanes.ToDictionary(lane => lane, _ => new RequestBudget(_options.RequestsPerWindow, _options.RequestWindow));
        _dispatcher = new(() => Task.Run(DispatchAsync));
    }

    public IReadOnlyList<WriterLane> Lanes => _lanes;

    /// <summary>The request budget of one of <see cref="Lanes"/>.</summary>
    public RequestBudget BudgetOf(WriterLane lane) => _budgets[lane];

    public Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default)
    {
        _ = _dispatcher.Value;
        if (Interlocked.Increment(ref _waiting) > _options.MaxRowsWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            DataverseTelemetry.RecordDeferred(write.Table.LogicalName);
            return Task.FromResult(Full);
        }

        var pending = new PendingWrite(write);
        if (_incoming.Writer.TryWrite(pending))
        {
            return pending.Outcome.Task;
        }

        Interlocked.Decrement(ref _waiting);
        return Task.FromResult(new WriteResult(WriteStatus.Transient, "The silo is stopping."));
    }

    private async Task DispatchAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            await SizeLanesAsync(stopping);
            while (!stopping.IsCancellationRequested)
            {
                if (_buffer.Count == 0 && !await _incoming.Reader.WaitToReadAsync(stopping))
                {
                    return;
                }

                await _slots.WaitAsync(stopping);
                // Everything that arrived while every slot was busy joins this request.
                DrainIncoming();
                var lane = await AvailableLaneAsync(stopping);
                await FillWithinBudgetAsync(_budgets[lane], stopping);
                var batch = _buffer.Take(_options.MaxRecordsPerRequest);
                Interlocked.Add(ref _waiting, -batch.Count);
                if (batch.Count == 0)
                {
                    _slots.Release();
                    continue;
                }

                lane.Enter();
                _ = SendAndReleaseAsync(lane, batch, _budgets[lane].Spend());
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void DrainIncoming()
    {
        while (_incoming.Reader.TryRead(out var pending))
        {
            _buffer.Add(pending);
        }
    }

    /// <summary>
    /// A request short of the target size goes at once while the budget keeps its pace; otherwise it waits for
    /// more rows, for the pace, or for MaxFlushDelay, whichever comes first.
    /// </summary>
    private async Task FillWithinBudgetAsync(RequestBudget budget, CancellationToken cancellationToken)
    {
        var full = Math.Min(_options.TargetRecordsPerRequest, _options.MaxRecordsPerRequest);
        var waited = Stopwatch.StartNew();
        while (_buffer.Count < full)
        {
            var pace = budget.UntilPaced();
            var left = _options.MaxFlushDelay - waited.Elapsed;
            if (pace <= TimeSpan.Zero || left <= TimeSpan.Zero)
            {
                return;
            }

            // Short steps, so that a request that fills up leaves without waiting out the pace.
            await Task.Delay(Min(Min(pace, left), FillStep), cancellationToken);
            DrainIncoming();
        }
    }

    /// <summary>Each user's concurrency: the server's x-ms-dop-hint, capped by the per-user limit.</summary>
    private async Task SizeLanesAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var lane in _lanes)
        {
            int? hint = null;
            int? remaining = null;
            // WhoAmI counts against the user's limit like any request, and its answer tells the limit before the first write.
            var ticket = _budgets[lane].Spend();
            try
            {
                (_, hint, remaining) = await lane.Client.WhoAmIAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDopHintUnavailable(ex, lane.Name);
            }

            _budgets[lane].Answered(ticket, remaining, retryAfter: null);

            lane.Capacity = Math.Clamp(hint ?? 4, 1, _options.MaxConcurrencyPerUser);
            total += lane.Capacity;
            LogLaneSized(lane.Name, lane.Capacity, hint, _budgets[lane].Limit, _options.RequestWindow);
        }

        _slots = new SemaphoreSlim(total);
    }

    /// <summary>
    /// The user that is neither paused nor out of requests and is soonest due by its pace, the least busy first;
    /// while there is none, waits for the first to resume or to have room (rows keep arriving meanwhile).
    /// </summary>
    private async Task<WriterLane> AvailableLaneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var lane = _lanes.Where(l => l.IsAvailable(now) && _budgets[l].UntilRoom() <= TimeSpan.Zero)
                .MinBy(l => (_budgets[l].UntilPaced(), (double)l.InFlight / l.Capacity));
            if (lane is not null)
            {
                return lane;
            }

            var wait = _lanes.Where(l => l.InFlight < l.Capacity)
                .Select(l => Max(l.PausedUntil - now, _budgets[l].UntilRoom()))
                .DefaultIfEmpty(TimeSpan.FromMilliseconds(10))
                .Min();
            await Task.Delay(Max(wait, TimeSpan.FromMilliseconds(1)), cancellationToken);
            DrainIncoming();
        }
    }

    private async Task SendAndReleaseAsync(WriterLane lane, List<PendingWrite> batch, RequestBudget.Ticket ticket)
    {
        try
        {
            var writes = batch.Select(p => p.Write).ToList();
            var results = await SendAsync(lane, writes, ticket);
            PauseIfThrottled(lane, results);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(results[i]);
            }
        }
        catch (Exception ex)
        {
            var failed = new WriteResult(WriteStatus.Transient, $"The write failed unexpectedly: {ex.Message}");
            batch.ForEach(p => p.Outcome.TrySetResult(failed));
        }
        finally
        {
            // Unless an answer came (then this does nothing), the request is counted as answered now.
            _budgets[lane].Answered(ticket, remaining: null, retryAfter: null);
            lane.Leave();
            _slots.Release();
        }
    }

    private async Task<IReadOnlyList<WriteResult>> SendAsync(WriterLane lane, List<RowWrite> writes, RequestBudget.Ticket ticket)
    {
        var client = lane.Client;
        var budget = _budgets[lane];
        var first = writes[0];
        DataverseTelemetry.RecordBatch(first.Table.LogicalName, writes.Count);
        if (writes.Count == 1)
        {
            return await CountedAsync(budget, ticket, async () => [await client.WriteAsync(first)]);
        }

        // UpsertMultiple only for first writes, which have no etag to send: its items cannot carry If-Match and its 204 gives
        // no row's new versionnumber, so those rows' next write goes as $batch, which does both. The buffer keeps first
        // writes apart, so an initial sync's creates keep the bulk message's speed (a $batch part costs a transaction each).
        if (first.FirstWrite && !first.IsDelete && _capabilities.SupportsUpsertMultiple(first.Table))
        {
            var bulk = await CountedAsync(budget, ticket, async () =>
            {
                var result = await client.UpsertMultipleAsync(first.Table, writes);
                return writes.Select(_ => result).ToList();
            });
            if (bulk[0].Status is WriteStatus.Written or WriteStatus.Transient)
            {
                return bulk;
            }

            // All or nothing: one refused row failed them all. $batch tells each row its own outcome.
            LogBulkFallback(first.Table.LogicalName, writes.Count, bulk[0].Error);
            ticket = budget.Spend();
        }

        return await CountedAsync(budget, ticket, () => client.BatchAsync(writes));
    }

    /// <summary>Sends one request and tells the budget its answer: the requests the server says remain, and any Retry-After.</summary>
    private static async Task<IReadOnlyList<WriteResult>> CountedAsync(RequestBudget budget, RequestBudget.Ticket ticket, Func<Task<IReadOnlyList<WriteResult>>> send)
    {
        IReadOnlyList<WriteResult>? results = null;
        try
        {
            return results = await send();
        }
        finally
        {
            budget.Answered(ticket, results?[0].RequestsRemaining, results?.Max(r => r.RetryAfter));
        }
    }

    private void PauseIfThrottled(WriterLane lane, IReadOnlyList<WriteResult> results)
    {
        var retryAfter = results.Where(r => r.Status == WriteStatus.Transient && r.RetryAfter is not null).Max(r => r.RetryAfter);
        if (retryAfter is { } wait)
        {
            DataverseTelemetry.RecordThrottled(lane.Name);
            lane.PauseUntil(DateTimeOffset.UtcNow + wait);
            LogThrottled(lane.Name, wait.TotalSeconds);
        }
    }

    private WriteResult Full => new(WriteStatus.Deferred, $"The silo's Dataverse writer holds its {_options.MaxRowsWaiting} rows (CrmSync:Dataverse:MaxRowsWaiting).");

    private static readonly TimeSpan FillStep = TimeSpan.FromMilliseconds(10);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public async ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_dispatcher.IsValueCreated)
        {
            await _dispatcher.Value;
        }

        DrainIncoming();
        var stopped = new WriteResult(WriteStatus.Transient, "The silo is stopping.");
        foreach (var pending in _buffer.Take(int.MaxValue))
        {
            pending.Outcome.TrySetResult(stopped);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataverse user {Lane}: {Capacity} requests at once (server's x-ms-dop-hint: {Hint}), {Limit} requests per {Window} window")]
    private partial void LogLaneSized(string lane, int capacity, int? hint, int limit, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse user {Lane}: WhoAmI failed, so the server's x-ms-dop-hint is unknown; starting with 4 requests at once")]
    private partial void LogDopHintUnavailable(Exception exception, string lane);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse user {Lane} is throttled: pausing {Seconds:0.#} s as Retry-After asks")]
    private partial void LogThrottled(string lane, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "UpsertMultiple of {Count} {Table} rows was refused ({Error}); sending them as a $batch to learn each row's outcome")]
    private partial void LogBulkFallback(string table, int count, string? error);
}
