using Orleans.Runtime;

namespace CrmSync.Grains.Sync;

/// <summary>What the sync-job registry stores: every job id ever started.</summary>
[GenerateSerializer]
public sealed class SyncJobRegistryState
{
    [Id(0)] public SortedSet<string> JobIds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Every sync job ever started, so that the admin API can list them. One grain, key 0; a job registers at each start.</summary>
public sealed class SyncJobRegistryGrain(
    [PersistentState("syncjobs", StorageNames.Records)] IPersistentState<SyncJobRegistryState> store) : Grain, ISyncJobRegistryGrain
{
    async ValueTask ISyncJobRegistryGrain.Register(string jobId)
    {
        if (store.State.JobIds.Add(jobId))
        {
            try
            {
                await store.WriteStateAsync();
            }
            catch
            {
                // Not stored: forget it, so the job's next start registers it again.
                store.State.JobIds.Remove(jobId);
                throw;
            }
        }
    }

    ValueTask<IReadOnlyList<string>> ISyncJobRegistryGrain.GetJobIds() => ValueTask.FromResult<IReadOnlyList<string>>([.. store.State.JobIds]);
}
