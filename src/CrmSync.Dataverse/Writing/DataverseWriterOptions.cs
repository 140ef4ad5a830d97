namespace CrmSync.Dataverse.Writing;

/// <summary>How the silo's writer uses Dataverse, under <c>CrmSync:Dataverse</c>.</summary>
public sealed class DataverseWriterOptions
{
    public const string SectionName = "CrmSync:Dataverse";

    /// <summary>The most rows in one UpsertMultiple or $batch request (Microsoft suggests 100–1,000).</summary>
    public int MaxRecordsPerRequest { get; set; } = 1000;

    /// <summary>
    /// Under load (requests already in flight), a request that would carry fewer rows than this waits up
    /// to <see cref="MaxFlushDelay"/> for more. When idle, a change goes out at once.
    /// </summary>
    public int TargetRecordsPerRequest { get; set; } = 100;

    public TimeSpan MaxFlushDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The most requests in flight per application user. The server's x-ms-dop-hint lowers it;
    /// 52 is Dataverse's concurrency limit per user.
    /// </summary>
    public int MaxConcurrencyPerUser { get; set; } = 52;

    /// <summary>Further application users (client ids) of the same environment and tenant, to raise the ceiling.</summary>
    public List<ApplicationUserOptions> ApplicationUsers { get; set; } = [];
}

public sealed class ApplicationUserOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}
