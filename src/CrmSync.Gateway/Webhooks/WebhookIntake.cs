using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CrmSync.Gateway.Webhooks;

/// <summary>
/// Hands a request's changes to their record grains: records in parallel, one record's changes in the order the request
/// lists them. Returns only when every grain has answered, i.e. stored its change.
/// </summary>
public sealed class WebhookIntake(IGrainFactory grains, ChangesInFlight inFlight, SiloDeaths deaths, TimeProvider time, IOptions<WebhookOptions> options)
{
    /// <summary>
    /// The outcome of each change; or null, at once and with nothing handed to a grain, when the changes do not fit in
    /// <see cref="WebhookOptions.MaxChangesInFlight"/>.
    /// </summary>
    public async Task<IReadOnlyList<ChangeResult>?> AcceptAsync(string source, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        if (inFlight.TryEnter(changes.Count) is not { } lease)
        {
            return null;
        }

        var outcomes = new AcceptOutcome[changes.Count];
        Task accepted;
        try
        {
            accepted = Task.WhenAll(Enumerable.Range(0, changes.Count)
                .GroupBy(i => (changes[i].Entity, changes[i].SourceId))
                .Select(async group =>
                {
                    var grain = grains.GetGrain<IRecordGrain>(new RecordKey(source, group.Key.Entity, group.Key.SourceId).ToString());
                    foreach (var index in group)
                    {
                        outcomes[index] = await AcceptAsync(grain, changes[index]);
                    }
                }));
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        // The permits go back when the grains have answered, not when this request ends: changes whose sender timed out
        // or went away are still queued at their grains and still cost the silo. Orleans' response timeout ends every
        // call, answered or not, so the permits always come back.
        _ = accepted.ContinueWith(static (_, held) => ((RateLimitLease)held!).Dispose(), lease,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await StoredAsync(accepted, cancellationToken);
        return changes.Select((change, i) => new ChangeResult(change, outcomes[i])).ToList();
    }

    /// <summary>
    /// Accept, sent again when it met a second activation of its record: while silos leave and join, Orleans' directory can
    /// hold two for a moment, and storage refuses the one whose state is older (InconsistentStateException). That one is on
    /// its way out, so the next call reaches the record as stored; and a change accepted twice is a duplicate, so sending it
    /// again is safe. Within the accept timeout, which bounds the whole request.
    /// </summary>
    private static async Task<AcceptOutcome> AcceptAsync(IRecordGrain grain, RecordChange change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.Accept(change);
            }
            catch (InconsistentStateException) when (attempt < ConflictAttempts)
            {
                await Task.Delay(ConflictBackoff * attempt);
            }
        }
    }

    private const int ConflictAttempts = 4;

    private static readonly TimeSpan ConflictBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits for every grain's answer for at most the accept timeout, and for at most <see cref="WebhookOptions.DeadSiloGrace"/>
    /// once a silo is declared dead meanwhile: a change caught on that silo will never be answered, and its sender is better
    /// served by a 503 now than at the timeout; a change on a live silo is answered within the grace.
    /// </summary>
    private async Task StoredAsync(Task accepted, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var timeout = options.Value.AcceptTimeout;
        if (await Task.WhenAny(accepted, deaths.Next).WaitAsync(timeout, time, cancellationToken) != accepted)
        {
            var left = timeout - time.GetElapsedTime(started);
            await WithinGraceAsync(accepted, TimeSpan.FromTicks(Math.Clamp(left.Ticks, 0, options.Value.DeadSiloGrace.Ticks)), cancellationToken);
        }

        await accepted;
    }

    private async Task WithinGraceAsync(Task accepted, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await accepted.WaitAsync(grace, time, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException("A silo was declared dead while the changes were in flight, and they were not stored within the dead-silo grace.", ex);
        }
    }
}
