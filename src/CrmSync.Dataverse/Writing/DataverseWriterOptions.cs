namespace CrmSync.Dataverse.Writing;

/// <summary>How the silo's writer uses Dataverse, under <c>CrmSync:Dataverse</c>.</summary>
public sealed class DataverseWriterOptions
{
    public const string SectionName = "CrmSync:Dataverse";

    /// <summary>The most rows in one UpsertMultiple or $batch request (Microsoft suggests 100–1,000).</summary>
    public int MaxRecordsPerRequest { get; set; } = 1000;

    /// <summary>
    /// A request with fewer rows than this (or than <see cref="MaxRecordsPerRequest"/>, when smaller) is sent only while
    /// the request budget has room to spare (see <see cref="RequestsPerWindow"/>); otherwise it waits up to
    /// <see cref="MaxFlushDelay"/> for more rows. A quiet writer always has room to spare, so a lone change goes at once.
    /// </summary>
    public int TargetRecordsPerRequest { get; set; } = 1000;

    /// <summary>The longest a request short of <see cref="TargetRecordsPerRequest"/> waits for more rows when the budget is tight.</summary>
    public TimeSpan MaxFlushDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Dataverse's request limit per application user and window (6,000 per 5 minutes). The writer starts from it and
    /// then follows the limit the server reports (x-ms-ratelimit-burst-remaining-xrm-requests); it sends nothing while
    /// the window has no request left, and spends the rest at a pace that would last the window.
    /// </summary>
    public int RequestsPerWindow { get; set; } = 6000;

    /// <summary>
    /// The length of Dataverse's sliding window (5 minutes). The server does not report it: set it to the emulator's
    /// <c>Emulator:Limits:WindowSeconds</c> when that differs, or the writer waits longer than it needs to.
    /// </summary>
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most requests in flight per application user. The server's x-ms-dop-hint lowers it;
    /// 52 is Dataverse's concurrency limit per user.
    /// </summary>
    public int MaxConcurrencyPerUser { get; set; } = 52;

    /// <summary>
    /// The most rows waiting in the writer for a request. A row over it is answered <see cref="WriteStatus.Deferred"/> at
    /// once and not held: its record's change is already stored with a reminder, so the record can leave memory and come
    /// back when the reminder wakes it (CrmSync:Records:ResumePeriod). 20,000 rows are 20 full requests, well above what
    /// Dataverse takes in the seconds a record waits (its limits allow some 20 requests a second per user), and above
    /// the initial sync's MaxUnsettled, so that an import never meets the bound on its own.
    /// </summary>
    public int MaxRowsWaiting { get; set; } = 20_000;

    /// <summary>Further application users (client ids) of the same environment and tenant, to raise the ceiling.</summary>
    public List<ApplicationUserOptions> ApplicationUsers { get; set; } = [];
}

public sealed class ApplicationUserOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}
