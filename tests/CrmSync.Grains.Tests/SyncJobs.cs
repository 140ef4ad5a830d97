using CrmSync.Testing;

namespace CrmSync.Grains.Tests;

/// <summary>Records a source serves, and waits on sync jobs.</summary>
public static class SyncJobs
{
    public static List<RecordChange> Accounts(string prefix, int count, long version = 1) =>
        [.. Enumerable.Range(0, count).Select(i => TestRecords.Upsert(Entities.Account, Id(prefix, i), version, ("name", $"\"{prefix} {i}\"")))];

    public static string Id(string prefix, int i) => $"{prefix}-{i:D3}";

    public static Task<SyncJobStatus> WaitForAsync(this ISyncJobGrain job, Func<SyncJobStatus, bool> condition, string expectation, TimeSpan? timeout = null) =>
        Eventually.MatchesAsync(() => job.GetStatus().AsTask(), condition, expectation, timeout);

    public static Task<SyncJobStatus> WaitUntilAsync(this ISyncJobGrain job, SyncJobState state) =>
        job.WaitForAsync(status => status.State == state, $"the job to be {state}");

    /// <summary>Waits until every imported record is reported written or parked.</summary>
    public static Task<SyncJobStatus> WaitUntilSettledAsync(this ISyncJobGrain job) =>
        job.WaitForAsync(
            status => status is { State: SyncJobState.Completed } && status.Written + status.Parked == status.Accepted,
            "the job to complete with every accepted record written or parked");

    public static Task WaitForReadsAsync(this InMemorySource source, int page, int reads) =>
        Eventually.MatchesAsync(() => Task.FromResult(source.ReadsOf(page)), n => n >= reads, $"page {page} to be read {reads} times");
}
