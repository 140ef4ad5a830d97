using Microsoft.Extensions.Logging;

namespace CrmSync.Grains.Sync;

/// <summary>
/// What a job does when a step fails: a source that refuses to be read fails the job with its own message; anything
/// else is tried again with back-off, up to <see cref="SyncJobOptions.MaxAttempts"/>, and then fails the job with a
/// message that says what failed and how to resume.
/// </summary>
public sealed partial class SyncJobGrain
{
    private async Task<SourcePage> ReadWithRetries(string? cursor, long pageNumber, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await reader.ReadPageAsync(_source, _entity, cursor, stopping);
            }
            catch (Exception ex) when (ex is not SourceReadException && !stopping.IsCancellationRequested)
            {
                if (attempt >= Options.MaxAttempts)
                {
                    throw new SyncJobFailure($"Reading page {pageNumber} from source '{_source}' failed {attempt} times ({ex.Message}); start the job again to resume from that page.", ex);
                }

                LogRetrying(ex, _id, $"page {pageNumber}", attempt);
                await Task.Delay(RetryDelay(attempt), stopping);
            }
        }
    }

    private async Task<AcceptOutcome> ImportWithRetries(RecordChange change, SyncTicket ticket, CancellationToken stopping)
    {
        var record = GrainFactory.GetGrain<IRecordGrain>(new RecordKey(_source, change.Entity, change.SourceId).ToString());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await record.Import(change, ticket);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                if (attempt >= Options.MaxAttempts)
                {
                    throw new SyncJobFailure($"Importing {change.Entity} '{change.SourceId}' of page {Progress.Pages + 1} failed {attempt} times ({ex.Message}); start the job again to resume from that page.", ex);
                }

                LogRetrying(ex, _id, $"{change.Entity} '{change.SourceId}'", attempt);
                await Task.Delay(RetryDelay(attempt), stopping);
            }
        }
    }

    private async Task Fail(string error, Exception exception)
    {
        LogFailed(exception, _id, Progress.Run, error);
        Progress.State = SyncJobState.Failed;
        Progress.Error = error;
        Progress.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await PersistOrReload();
            await KeepReminderInStep();
        }
        catch (Exception ex)
        {
            // Storage still says Running, so the reminder resumes the job and it meets the same cause again.
            LogFailed(ex, _id, Progress.Run, "its failure could not be stored");
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = Options.FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return exponential < Options.MaxRetryDelay ? exponential : Options.MaxRetryDelay;
    }

    /// <summary>A failure whose message already says what went wrong and what to do.</summary>
    private sealed class SyncJobFailure(string message, Exception inner) : Exception(message, inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync job {Id} retries {What} after attempt {Attempt} failed")]
    private partial void LogRetrying(Exception exception, string id, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync job {Id} run {Run} failed: {Error}")]
    private partial void LogFailed(Exception exception, string id, int run, string error);
}
