namespace CrmSync.Grains.Polling;

/// <summary>How poll grains pace themselves, under <c>CrmSync:Poll</c>; each source's interval is its own Poll:Interval.</summary>
public sealed class PollGrainOptions
{
    public const string SectionName = "CrmSync:Poll";

    /// <summary>Accepts of one page in flight at once.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>
    /// How often the reminder of a scheduled poll wakes it. Its timer runs the rounds; the reminder only brings it
    /// back after a crash or restart, on whichever silo is alive.
    /// </summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
