namespace CrmSync.Abstractions;

/// <summary>Incremental pull of one source, under <c>CrmSync:Sources:{name}:Poll</c> (issue 13).</summary>
public sealed class PollOptions
{
    /// <summary>How often each entity is asked what changed; unset (the default) switches polling off.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// How far behind the watermark each round reads again: the CRM's clock may run behind the silo's, and a change
    /// committed late may carry an earlier timestamp. Re-read records are duplicates, which cost no write.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Interval is { } interval && interval > TimeSpan.Zero;
}
