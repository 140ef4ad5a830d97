using System.Net.Http.Json;

namespace CrmSync.Testing;

/// <summary>A sync job's view as <c>GET /admin/sync/jobs/{id}</c> shows it (the fields tests read).</summary>
public sealed record SyncJobView(
    string Id,
    string State,
    int Run,
    long Pages,
    long Read,
    long Accepted,
    long Stale,
    long Duplicate,
    long Written,
    long Parked,
    long? Total,
    double Rate,
    string? Error)
{
    public override string ToString() =>
        $"{Id} run {Run} {State}: {Pages} pages, {Read} read, {Accepted} accepted, {Stale} stale, {Duplicate} duplicate, " +
        $"{Written} written, {Parked} parked, {Rate:0} records/s{(Error is null ? "" : $", error: {Error}")}";
}

/// <summary>Starts and follows initial syncs through the gateway's admin API, as the crmsync CLI does.</summary>
public sealed class SyncClient(Uri gatewayUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gatewayUrl };

    public async Task<SyncJobView> StartAsync(string source, string entity)
    {
        using var response = await _http.PostAsync($"admin/sync/{source}/{entity}", null);
        return response.StatusCode == HttpStatusCode.Accepted
            ? (await response.Content.ReadFromJsonAsync<SyncJobView>())!
            : throw new InvalidOperationException($"POST /admin/sync/{source}/{entity} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<SyncJobView> StatusAsync(string jobId) =>
        (await _http.GetFromJsonAsync<SyncJobView>($"admin/sync/jobs/{Uri.EscapeDataString(jobId)}"))!;

    /// <summary>Waits until the job is in <paramref name="state"/>, failing early if it fails.</summary>
    public async Task<SyncJobView> WaitForStateAsync(string jobId, string state, TimeSpan timeout)
    {
        var job = await Eventually.MatchesAsync(
            () => StatusAsync(jobId),
            job => job.State == state || job.State == "Failed",
            $"job {jobId} to be {state}",
            timeout,
            job => job.ToString());
        return job.State == state ? job : throw new InvalidOperationException($"The job failed: {job}");
    }

    public void Dispose() => _http.Dispose();
}
