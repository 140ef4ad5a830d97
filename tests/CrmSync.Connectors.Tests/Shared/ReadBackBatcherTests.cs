namespace CrmSync.Connectors.Tests.Shared;

public sealed class ReadBackBatcherTests
{
    private static readonly RecordChange Found = new(Entities.Account, "x", ChangeOperation.Upsert, ChangeVersion.FromInteger(1), []);

    [Fact]
    public async Task ReadBacksAskedForTogetherGoOutAsOneRequest()
    {
        var calls = new List<IReadOnlyList<string>>();
        var batcher = new ReadBackBatcher((ids, _) => { lock (calls) { calls.Add(ids); } return Answer(ids.Where(id => id != "gone")); }, 100, TimeSpan.FromMilliseconds(50), TimeProvider.System);

        var reads = Enumerable.Range(0, 40).Select(i => batcher.ReadAsync($"r{i}", CancellationToken.None)).Append(batcher.ReadAsync("gone", CancellationToken.None)).ToList();
        var answers = await Task.WhenAll(reads);

        Assert.Single(calls);
        Assert.Equal(41, calls[0].Count);
        Assert.All(answers.Take(40), Assert.NotNull);
        Assert.Null(answers[^1]);
        Assert.Equal(1, batcher.Requests);
    }

    [Fact]
    public async Task AFullBatchGoesOutAtOnceAndTheRestAfterTheDelay()
    {
        var sizes = new List<int>();
        var batcher = new ReadBackBatcher((ids, _) => { lock (sizes) { sizes.Add(ids.Count); } return Answer(ids); }, 10, TimeSpan.FromMilliseconds(100), TimeProvider.System);

        var answers = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => batcher.ReadAsync($"r{i}", CancellationToken.None)));

        Assert.All(answers, Assert.NotNull);
        Assert.Equal([5, 10, 10], sizes.Order());
    }

    [Fact]
    public async Task AFailedReadFailsEveryCallerOfThatBatchAndTheNextBatchTriesAgain()
    {
        var attempts = 0;
        var batcher = new ReadBackBatcher(
            (ids, _) => Interlocked.Increment(ref attempts) == 1 ? throw new SourceReadException("CRM down") : Answer(ids), 100, TimeSpan.FromMilliseconds(300), TimeProvider.System);

        var first = await Task.WhenAll(new[] { "a", "b" }.Select(id => Assert.ThrowsAsync<SourceReadException>(() => batcher.ReadAsync(id, CancellationToken.None))));
        var again = await batcher.ReadAsync("a", CancellationToken.None);

        Assert.All(first, e => Assert.Equal("CRM down", e.Message));
        Assert.NotNull(again);
    }

    [Fact]
    public async Task ACallerThatGivesUpDoesNotCancelTheBatchOthersWaitFor()
    {
        var release = new TaskCompletionSource();
        var batcher = new ReadBackBatcher(async (ids, _) => { await release.Task; return await Answer(ids); }, 100, TimeSpan.FromMilliseconds(10), TimeProvider.System);
        using var impatient = new CancellationTokenSource();

        var givesUp = batcher.ReadAsync("a", impatient.Token);
        var waits = batcher.ReadAsync("b", CancellationToken.None);
        await impatient.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp);
        Assert.NotNull(await waits);
    }

    private static Task<IReadOnlyDictionary<string, RecordChange>> Answer(IEnumerable<string> ids) =>
        Task.FromResult<IReadOnlyDictionary<string, RecordChange>>(ids.ToDictionary(id => id, id => Found with { SourceId = id }));
}
