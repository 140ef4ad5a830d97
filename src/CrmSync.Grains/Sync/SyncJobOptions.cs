namespace CrmSync.Grains.Sync;

/// <summary>How sync jobs pace themselves, under <c>CrmSync:Sync</c>.</summary>
public sealed class SyncJobOptions
{
    public const string SectionName = "CrmSync:Sync";

    /// <summary>Imports of one page in flight at once.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>Reading pauses while more imported records than this are neither written nor parked yet.</summary>
    public int MaxUnsettled { get; set; } = 5000;

    /// <summary>
    /// How long a job waits while none of its records settles, before reading on or completing: reports lost in a
    /// crash must not stop it for ever, nor a contact whose account never comes.
    /// </summary>
    public TimeSpan MaxSettleWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts at reading a page or importing a record before the job fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first delay after a failed attempt; doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job logs its progress.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the reminder of a running job wakes it, so that after a crash it resumes on another silo.</summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
