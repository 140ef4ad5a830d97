using Microsoft.Extensions.Logging;

namespace CrmSync.Grains.Polling;

/// <summary>
/// A round: page by page, read the changes, accept them, and checkpoint, so a crash re-reads at most the page in hand.
/// The watermark moves only when the round's last page is accepted; a failed round keeps it and the next one retries.
/// </summary>
public sealed partial class PollGrain
{
    private async Task<PollRound> RunRound()
    {
        var (changes, deletes, accepted, fullRead) = (0L, 0L, 0L, false);
        try
        {
            State.RoundStartedAt ??= DateTimeOffset.UtcNow;
            while (true)
            {
                var query = new ChangeQuery(State.Watermark, State.Cursor, State.RoundStartedAt.Value, Settings.Overlap);
                var page = await feed.ReadChangesAsync(_source, _entity, query, CancellationToken.None);
                var counts = await AcceptAll(page.Changes);
                changes += page.Changes.Count;
                deletes += page.Changes.Count(change => change.Operation == ChangeOperation.Delete);
                accepted += counts[(int)AcceptOutcome.Accepted];
                fullRead |= page.FullRead;
                Checkpoint(page, counts);
                await store.WriteStateAsync();
                if (page.NextCursor is null)
                {
                    return new PollRound(fullRead, changes, deletes, accepted, null);
                }
            }
        }
        catch (Exception ex)
        {
            var error = ex is SourceReadException
                ? ex.Message
                : $"Polling {_entity} of source '{_source}' failed ({ex.Message}); the next round tries again from the same watermark.";
            LogRoundFailed(ex, _id, error);
            State.Error = error;
            State.FailedRounds++;
            await TryStore();
            return new PollRound(fullRead, changes, deletes, accepted, error);
        }
    }

    private void Checkpoint(ChangePage page, long[] counts)
    {
        State.Read += page.Changes.Count;
        State.Accepted += counts[(int)AcceptOutcome.Accepted];
        State.Stale += counts[(int)AcceptOutcome.Stale];
        State.Duplicate += counts[(int)AcceptOutcome.Duplicate];
        State.Deletes += page.Changes.Count(change => change.Operation == ChangeOperation.Delete);
        State.Cursor = page.NextCursor;
        if (page.Gap is { } gap)
        {
            State.Gap = $"{DateTimeOffset.UtcNow:u}: {gap}";
            LogGap(_id, gap);
        }

        if (page.NextCursor is null)
        {
            State.Watermark = page.Watermark;
            State.RoundStartedAt = null;
            State.Rounds++;
            State.LastRoundAt = DateTimeOffset.UtcNow;
            State.Error = null;
            State.FailedRounds = 0;
        }
    }

    private async Task<long[]> AcceptAll(IReadOnlyList<RecordChange> changes)
    {
        var counts = new long[3];
        using var slots = new SemaphoreSlim(Math.Max(1, Options.MaxInFlight));
        var accepts = new List<Task>(changes.Count);
        foreach (var change in changes)
        {
            await slots.WaitAsync();
            accepts.Add(AcceptOne(change));
        }

        await Task.WhenAll(accepts);
        return counts;

        async Task AcceptOne(RecordChange change)
        {
            try
            {
                var record = GrainFactory.GetGrain<IRecordGrain>(new RecordKey(_source, change.Entity, change.SourceId).ToString());
                counts[(int)await record.Accept(change)]++;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task TryStore()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The counters in memory run ahead of storage; the next round's checkpoint stores them.
            LogStoreFailed(ex, _id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {Id}: {Gap}")]
    private partial void LogGap(string id, string gap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {Id}: the round failed: {Error}")]
    private partial void LogRoundFailed(Exception exception, string id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {Id} could not store the failure of its round")]
    private partial void LogStoreFailed(Exception exception, string id);
}
