using CrmSync.Cli.Gateway;

namespace CrmSync.Testing;

/// <summary>Starts and follows initial syncs through the gateway's admin API with the crmsync CLI's own client.</summary>
public sealed class SyncClient(Uri gatewayUrl) : IDisposable
{
    private readonly GatewayClient _gateway = new(gatewayUrl, apiKey: null, TimeSpan.FromSeconds(30));

    public Task<SyncJobView> StartAsync(string source, string entity) =>
        _gateway.PostAsync<SyncJobView>($"admin/sync/{GatewayClient.Segment(source)}/{GatewayClient.Segment(entity)}", CancellationToken.None);

    public Task<SyncJobView> StatusAsync(string jobId) =>
        _gateway.GetAsync<SyncJobView>($"admin/sync/jobs/{GatewayClient.Segment(jobId)}", CancellationToken.None);

    /// <summary>Waits until the job is in <paramref name="state"/>, failing early if it fails.</summary>
    public async Task<SyncJobView> WaitForStateAsync(string jobId, SyncJobState state, TimeSpan timeout)
    {
        var job = await Eventually.MatchesAsync(
            () => StatusAsync(jobId),
            job => job.State == state || job.State == SyncJobState.Failed,
            $"job {jobId} to be {state}",
            timeout,
            Describe);
        return job.State == state ? job : throw new InvalidOperationException($"The job failed: {Describe(job)}");
    }

    public static string Describe(SyncJobView job) =>
        $"{job.Id} run {job.Run} {job.State}: {job.Pages} pages, {job.Read} read, {job.Accepted} accepted, {job.Stale} stale, {job.Duplicate} duplicate, " +
        $"{job.Written} written, {job.Parked} parked, {job.Rate:0} records/s{(job.Error is null ? "" : $", error: {job.Error}")}";

    public void Dispose() => _gateway.Dispose();
}
