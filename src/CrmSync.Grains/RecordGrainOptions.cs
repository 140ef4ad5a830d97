namespace CrmSync.Grains;

/// <summary>How record grains retry and resume their writes, under <c>CrmSync:Records</c>.</summary>
public sealed class RecordGrainOptions
{
    public const string SectionName = "CrmSync:Records";

    /// <summary>How often a reminder wakes a record whose write is still pending (after a crash or restart).</summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a change that needs the resume reminder waits for the reminder service that owns the record's part of the
    /// ring before storing the reminder's row in the reminder table itself (RecordGrain.RegisterResumeReminder).
    /// </summary>
    public TimeSpan ReminderServiceTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first retry delay after a transient failure; doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
