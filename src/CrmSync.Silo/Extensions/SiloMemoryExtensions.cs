using Orleans.Configuration;

namespace CrmSync.Silo.Extensions;

/// <summary>
/// Orleans settings that keep what a silo holds per record bounded once the record's grain is gone, so that an initial
/// sync of a million records leaves the heap where it started (docs/benchmarks.md, scenario 6).
/// </summary>
public static class SiloMemoryExtensions
{
    /// <summary>
    /// How often the reminder service re-reads its reminder table. Orleans' LocalReminderService keeps every reminder
    /// unregistered on this silo as a stopped entry (about 1 KB: the entry, its grain id, two cancellation sources and its
    /// finished run loop) until its next table refresh, so that an older table snapshot cannot revive it. Every imported
    /// record registers and drops a reminder, and with Orleans' default of five minutes a heap dump after 10,000 records
    /// showed 10,000 such entries holding 70% of what outlived the grains. Refreshing every 15 s bounds them to 15 s of
    /// writes (at 5,000 records/s, ~75 MB). A refresh reads the reminders still registered, those of records with a write
    /// pending: a few thousand during an import (MaxUnsettled bounds them), more only while Dataverse refuses writes
    /// for long, when the reminder service holds each of them in memory anyway. It also lets a surviving silo take
    /// over a dead silo's reminders within 15 s instead of five minutes.
    /// </summary>
    public static readonly TimeSpan ReminderRefreshPeriod = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Grain locations the directory cache keeps. Orleans keeps a record's location after its grain is deactivated (the
    /// entry is dropped only when a call finds it stale), about 230 bytes each, and its default of a million entries
    /// would hold ~220 MiB after an import of a million records, each looked up once. 20,000 locations (~5 MB) cover
    /// the records that are active at once during an import and the ones webhooks touch repeatedly.
    /// </summary>
    public const int DirectoryCacheSize = 20_000;

    public static ISiloBuilder UseBoundedPerRecordMemory(this ISiloBuilder silo)
    {
        silo.Configure<ReminderOptions>(options => options.RefreshReminderListPeriod = ReminderRefreshPeriod);
        silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = DirectoryCacheSize);
        return silo;
    }
}
