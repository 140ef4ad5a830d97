using System.Collections.Concurrent;

namespace CrmSync.Grains.Tests;

/// <summary>
/// A stand-in for a CRM's API: the records a test gives it, served page by page from memory, with hooks to fail a
/// page or hold it until released. Shared by every silo of one test cluster (keyed by the cluster's folder), so a
/// restarted silo reads the same source and the test counts every read.
/// </summary>
public sealed class InMemorySource : ISourcePageReader
{
    private static readonly ConcurrentDictionary<string, InMemorySource> ByCluster = new();

    private readonly ConcurrentDictionary<int, int> _reads = new();
    private readonly ConcurrentDictionary<int, (Exception Error, int Times)> _failures = new();
    private readonly ConcurrentDictionary<int, PageHold> _holds = new();
    private volatile IReadOnlyList<RecordChange> _records = [];

    public static InMemorySource For(string cluster) => ByCluster.GetOrAdd(cluster, _ => new InMemorySource());

    public static void Forget(string cluster) => ByCluster.TryRemove(cluster, out _);

    public int PageSize { get; set; } = 10;

    public int Pages => (_records.Count + PageSize - 1) / PageSize;

    public void Serve(IEnumerable<RecordChange> records) => _records = [.. records];

    /// <summary>How many times page <paramref name="page"/> (from 1) was asked for.</summary>
    public int ReadsOf(int page) => _reads.GetValueOrDefault(page);

    public int TotalReads => _reads.Values.Sum();

    /// <summary>The next <paramref name="times"/> reads of the page throw <paramref name="error"/>.</summary>
    public void Fail(int page, Exception error, int times = int.MaxValue) => _failures[page] = (error, times);

    public void StopFailing(int page) => _failures.TryRemove(page, out _);

    /// <summary>Reads of the page wait (until released, or cancelled by the reader's caller).</summary>
    public PageHold Hold(int page) => _holds.GetOrAdd(page, _ => new PageHold());

    public void Release(int page)
    {
        if (_holds.TryRemove(page, out var hold))
        {
            hold.Release();
        }
    }

    /// <summary>New reads of the page pass; those already held never answer, like a read by a silo that died.</summary>
    public void StopHolding(int page) => _holds.TryRemove(page, out _);

    public async Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken)
    {
        var page = cursor is null ? 1 : int.Parse(cursor);
        _reads.AddOrUpdate(page, 1, (_, n) => n + 1);
        if (_holds.TryGetValue(page, out var hold))
        {
            await hold.WaitAsync(cancellationToken);
        }

        if (_failures.TryGetValue(page, out var failure) && failure.Times > 0)
        {
            _failures[page] = failure with { Times = failure.Times - 1 };
            throw failure.Error;
        }

        var records = _records;
        var changes = records.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var next = page * PageSize < records.Count ? $"{page + 1}" : null;
        return new SourcePage(changes, next, records.Count);
    }

    public sealed class PageHold
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a read reaches the held page.</summary>
        public Task Reached => _reached.Task;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        public void Release() => _released.TrySetResult();
    }
}
