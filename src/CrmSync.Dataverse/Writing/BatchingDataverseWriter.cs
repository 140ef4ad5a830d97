using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse.Writing;

/// <summary>
/// The silo's one way to Dataverse. Record grains hand it single rows; a single dispatcher groups them
/// per table into UpsertMultiple (or $batch) requests. It sends as soon as a concurrency slot is free,
/// so a lone change goes out at once and, under load, everything that queued while every slot was
/// busy rides the next request: batch size follows load with no timer. Concurrency stays within the
/// server's x-ms-dop-hint and the per-user limit; a 429 pauses that user for Retry-After, and its rows
/// go back to their grains as transient failures to be sent again, so nothing is lost (I7).
/// </summary>
public sealed partial class BatchingDataverseWriter : IDataverseWriter, IAsyncDisposable
{
    private readonly Channel<PendingWrite> _incoming = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WriteBuffer _buffer = new();
    private readonly IReadOnlyList<WriterLane> _lanes;
    private readonly DataverseCapabilities _capabilities;
    private readonly DataverseWriterOptions _options;
    private readonly ILogger<BatchingDataverseWriter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _dispatcher;
    private SemaphoreSlim _slots = new(0);

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
        _dispatcher = new(() => Task.Run(DispatchAsync));
    }

    public IReadOnlyList<WriterLane> Lanes => _lanes;

    public Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default)
    {
        _ = _dispatcher.Value;
        var pending = new PendingWrite(write);
        return _incoming.Writer.TryWrite(pending)
            ? pending.Outcome.Task
            : Task.FromResult(new WriteResult(WriteStatus.Transient, "The silo is stopping."));
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
                await FillUnderLoadAsync(stopping);
                var batch = _buffer.Take(_options.MaxRecordsPerRequest);
                if (batch.Count == 0)
                {
                    _slots.Release();
                    continue;
                }

                lane.Enter();
                _ = SendAndReleaseAsync(lane, batch);
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
    /// The flush delay follows load: with nothing in flight a lone change leaves at once; with requests
    /// in flight, rows keep arriving, and waiting a few milliseconds turns many small requests into few
    /// large ones (each counts against the per-user request limit alike).
    /// </summary>
    private async Task FillUnderLoadAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(5);
        while (_buffer.Count < _options.TargetRecordsPerRequest && waited < _options.MaxFlushDelay && _lanes.Any(l => l.InFlight > 0))
        {
            await Task.Delay(step, cancellationToken);
            waited += step;
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
            try
            {
                (_, hint) = await lane.Client.WhoAmIAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDopHintUnavailable(ex, lane.Name);
            }

            lane.Capacity = Math.Clamp(hint ?? 4, 1, _options.MaxConcurrencyPerUser);
            total += lane.Capacity;
            LogLaneSized(lane.Name, lane.Capacity, hint);
        }

        _slots = new SemaphoreSlim(total);
    }

    /// <summary>The least busy user that is not paused; while every user is paused, waits for the first to resume.</summary>
    private async Task<WriterLane> AvailableLaneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var lane = _lanes.Where(l => l.IsAvailable(now)).MinBy(l => (double)l.InFlight / l.Capacity);
            if (lane is not null)
            {
                return lane;
            }

            var resume = _lanes.Where(l => l.InFlight < l.Capacity).Select(l => l.PausedUntil).DefaultIfEmpty(now.AddMilliseconds(10)).Min();
            await Task.Delay(Max(resume - now, TimeSpan.FromMilliseconds(1)), cancellationToken);
            DrainIncoming();
        }
    }

    private async Task SendAndReleaseAsync(WriterLane lane, List<PendingWrite> batch)
    {
        try
        {
            var writes = batch.Select(p => p.Write).ToList();
            var results = await SendAsync(lane, writes);
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
            lane.Leave();
            _slots.Release();
        }
    }

    private async Task<IReadOnlyList<WriteResult>> SendAsync(WriterLane lane, List<RowWrite> writes)
    {
        var client = lane.Client;
        var first = writes[0];
        DataverseTelemetry.RecordBatch(first.Table.LogicalName, writes.Count);
        if (writes.Count == 1)
        {
            return [first.Body is { } body
                ? await client.UpsertAsync(first.Table, first.RowId, body)
                : await client.DeleteAsync(first.Table, first.RowId)];
        }

        if (!first.IsDelete && _capabilities.SupportsUpsertMultiple(first.Table))
        {
            var bulk = await client.UpsertMultipleAsync(first.Table, writes);
            if (bulk.Status is WriteStatus.Written or WriteStatus.Transient)
            {
                return writes.Select(_ => bulk).ToList();
            }

            // All or nothing: one refused row failed them all. $batch tells each row its own outcome.
            LogBulkFallback(first.Table.LogicalName, writes.Count, bulk.Error);
        }

        return await client.BatchAsync(writes);
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataverse user {Lane}: {Capacity} requests at once (server's x-ms-dop-hint: {Hint})")]
    private partial void LogLaneSized(string lane, int capacity, int? hint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse user {Lane}: WhoAmI failed, so the server's x-ms-dop-hint is unknown; starting with 4 requests at once")]
    private partial void LogDopHintUnavailable(Exception exception, string lane);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse user {Lane} is throttled: pausing {Seconds:0.#} s as Retry-After asks")]
    private partial void LogThrottled(string lane, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "UpsertMultiple of {Count} {Table} rows was refused ({Error}); sending them as a $batch to learn each row's outcome")]
    private partial void LogBulkFallback(string table, int count, string? error);
}
