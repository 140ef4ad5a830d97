namespace CrmSync.Cli.Output;

/// <summary>What a followed sync did, printed once it has ended.</summary>
public static class SyncSummary
{
    public static string Render(SyncJobView job, TimeSpan elapsed)
    {
        var how = job.State switch
        {
            SyncJobState.Completed => "completed",
            SyncJobState.Failed => "failed",
            SyncJobState.Cancelled => "was cancelled",
            _ => $"is {job.State}",
        };
        return $"Sync {job.Id} {how} after {Format.Duration(elapsed)}: {Format.Count(job.Read)} read, {Format.Count(job.Accepted)} accepted, "
            + $"{Format.Count(job.Stale)} stale, {Format.Count(job.Written)} written, {Format.Count(job.Parked)} parked.";
    }

    /// <summary>The job's own times when it has them; otherwise how long crmsync watched it.</summary>
    public static TimeSpan Elapsed(SyncJobView job, TimeSpan watched) =>
        job is { StartedAt: { } started, CompletedAt: { } completed } ? completed - started : watched;

    /// <summary>What to do next, or null when nothing is left to do.</summary>
    public static string? Hint(SyncJobView job) => job.State switch
    {
        SyncJobState.Failed => $"The sync failed: {job.Error ?? "the gateway did not say why"} Fix the cause, then `crmsync sync start {job.Source} {job.Entity}` resumes from the checkpoint.",
        SyncJobState.Cancelled => $"`crmsync sync start {job.Source} {job.Entity}` resumes it from its checkpoint.",
        _ when job.Parked > 0 => "Dataverse refused some records; `crmsync records parked` lists them with its errors.",
        _ => null,
    };
}
