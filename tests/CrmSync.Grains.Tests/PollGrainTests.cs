using CrmSync.Testing;
using static CrmSync.Grains.Tests.SyncJobs;

namespace CrmSync.Grains.Tests;

/// <summary>The incremental pull (issue 13): rounds through Accept, a watermark that survives restarts, a schedule without callers.</summary>
public sealed class PollGrainTests : IAsyncLifetime
{
    private RecordCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RecordCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IPollGrain Poll => _cluster.Poll(Entities.Account);

    [Fact]
    public async Task ARoundHandsItsChangesToTheRecordGrainsAndKeepsTheFeedsWatermark()
    {
        _cluster.Feed.Answer(new ChangePage(Accounts("Polled", 3), null, "w1"));

        var round = await Poll.PollNow();
        var status = await Poll.GetStatus();

        Assert.Equal((3L, 0L, 3L, (string?)null), (round.Changes, round.Deletes, round.Accepted, round.Error));
        Assert.Equal(("w1", 1L, 3L, 3L), (status.Watermark, status.Rounds, status.Read, status.Accepted));
        var records = Enumerable.Range(0, 3).Select(i => _cluster.Record(Entities.Account, Id("Polled", i))).ToList();
        await _cluster.WaitUntilSettledAsync(records);
        Assert.Equal("Polled 2", (string?)(await _cluster.RowAsync("accounts", Id("Polled", 2)))!["name"]);

        await Poll.PollNow();
        Assert.Equal("w1", _cluster.Feed.Queries.Last().Watermark);
    }

    [Fact]
    public async Task AGapTheSourceReportsStaysInTheStatusAfterLaterRoundsSucceed()
    {
        const string gap = "records deleted before then were not read; run a reconcile";
        _cluster.Feed.Answer(new ChangePage(Accounts("Gapped", 1), null, "w1", Gap: gap), new ChangePage([], null, "w2"));

        await Poll.PollNow();
        var found = await Poll.GetStatus();
        await Poll.PollNow();
        var later = await Poll.GetStatus();

        Assert.EndsWith($": {gap}", found.Gap);
        Assert.Equal(("w2", 2L, (string?)null, found.Gap), (later.Watermark, later.Rounds, later.Error, later.Gap));
    }

    [Fact]
    public async Task AChangeReadAgainOrOlderThanAWebhooksIsNotWrittenAgain()
    {
        var record = _cluster.Record(Entities.Account, "Hooked");
        await record.Accept(TestRecords.Upsert(Entities.Account, "Hooked", 2, ("name", "\"From the webhook\"")));
        await _cluster.WaitUntilSettledAsync([record]);
        _cluster.Feed.Answer(
            new ChangePage([TestRecords.Upsert(Entities.Account, "Hooked", 1, ("name", "\"Older, from the poll\""))], null, "w1"),
            new ChangePage([TestRecords.Upsert(Entities.Account, "Hooked", 2, ("name", "\"From the webhook\""))], null, "w2"));

        var older = await Poll.PollNow();
        var same = await Poll.PollNow();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Equal((0L, 0L), (older.Accepted, same.Accepted));
        Assert.Equal((1L, 1L, "w2"), ((await Poll.GetStatus()).Stale, (await Poll.GetStatus()).Duplicate, (await Poll.GetStatus()).Watermark));
        Assert.Equal(1, _cluster.Writer.Count(RecordCluster.RowId("Hooked")));
        Assert.Equal("From the webhook", (string?)(await _cluster.RowAsync("accounts", "Hooked"))!["name"]);
    }

    [Fact]
    public async Task TheWatermarkSurvivesASiloCrash()
    {
        _cluster.Feed.Answer(new ChangePage(Accounts("Before", 2), null, "before-crash"));
        await Poll.PollNow();

        await _cluster.KillSiloAsync();
        await _cluster.StartSiloAsync();
        _cluster.Feed.Answer(new ChangePage(Accounts("After", 2), null, "after-crash"));
        var round = await Poll.PollNow();
        var status = await Poll.GetStatus();

        Assert.Equal("before-crash", _cluster.Feed.Queries.Last().Watermark);
        Assert.Equal((2L, "after-crash", 2L, 4L), (round.Accepted, status.Watermark, status.Rounds, status.Accepted));
    }

    [Fact]
    public async Task AFailedRoundKeepsItsWatermarkAndResumesFromThePageInHand()
    {
        _cluster.Feed.Answer(new ChangePage(Accounts("Paged", 2), null, "w1"));
        await Poll.PollNow();
        _cluster.Feed.Answer(new ChangePage(Accounts("Paged", 4).Skip(2).ToList(), "page-2", "not the last page"));
        _cluster.Feed.AnswerFailure(new SourceReadException("The CRM said 503."));
        _cluster.Feed.Answer(new ChangePage(Accounts("Paged", 6).Skip(4).ToList(), null, "w2"));

        var failed = await Poll.PollNow();
        var afterFailure = await Poll.GetStatus();
        var resumed = await Poll.PollNow();
        var status = await Poll.GetStatus();

        var queries = _cluster.Feed.Queries.ToList();
        Assert.Equal(("The CRM said 503.", 2L), (failed.Error, failed.Changes));
        Assert.Equal(("w1", 1, "The CRM said 503.", 4L), (afterFailure.Watermark, afterFailure.FailedRounds, afterFailure.Error, afterFailure.Read));
        Assert.Equal([(null, null), ("w1", null), ("w1", "page-2"), ("w1", "page-2")], queries.Select(q => (q.Watermark, q.Cursor)));
        Assert.Equal(queries[1].RoundStartedAt, queries[3].RoundStartedAt);
        Assert.Equal(((string?)null, 2L), (resumed.Error, resumed.Changes));
        Assert.Equal(("w2", (string?)null, 0, 2L, 6L), (status.Watermark, status.Error, status.FailedRounds, status.Rounds, status.Accepted));
    }

    [Fact]
    public async Task AScheduledPollRunsEveryIntervalAndItsReminderBringsItBackAfterACrash()
    {
        var poll = _cluster.Poll(Entities.Account, RecordCluster.PolledSource);
        var unscheduled = await Poll.Start();

        var started = await poll.Start();
        await Eventually.MatchesAsync(() => poll.GetStatus().AsTask(), status => status.Rounds >= 3, "three rounds without a caller");
        await _cluster.KillSiloAsync();
        await _cluster.StartSiloAsync();
        var polled = _cluster.Poll(Entities.Account, RecordCluster.PolledSource);
        var rounds = _cluster.Feed.Queries.Count;
        await Eventually.MatchesAsync(() => Task.FromResult(_cluster.Feed.Queries.Count), count => count >= rounds + 3, "rounds after the restart, woken by the reminder alone");

        Assert.False(unscheduled.Scheduled);
        Assert.Null(await _cluster.PollReminderETagAsync(Poll));
        Assert.Equal((true, TimeSpan.FromMilliseconds(300)), (started.Scheduled, started.Interval));
        Assert.NotNull(await _cluster.PollReminderETagAsync(polled));
        Assert.True((await polled.GetStatus()).Rounds >= 4);
    }
}
