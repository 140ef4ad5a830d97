using Orleans;

namespace CrmSync.Grains.Tests;

/// <summary>Changes as a connector would parse them, and waits on record grains.</summary>
public static class TestRecords
{
    public static RecordChange Upsert(string entity, string id, long version, params (string Column, string Json)[] fields) =>
        new(entity, id, ChangeOperation.Upsert, ChangeVersion.FromInteger(version), fields.ToDictionary(f => f.Column, f => f.Json));

    public static RecordChange Delete(string entity, string id, long version) =>
        new(entity, id, ChangeOperation.Delete, ChangeVersion.FromInteger(version), []);

    /// <summary>A value Dataverse refuses for good: the account name column holds at most 160 characters.</summary>
    public static string TooLongName => $"\"{new string('x', 500)}\"";

    public static async Task<RecordSnapshot> WaitForStatusAsync(IRecordGrain record, RecordStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        RecordSnapshot snapshot;
        while ((snapshot = await record.GetSnapshot()).Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Record {snapshot.Key} is {snapshot.Status}, not {status}: {snapshot.LastError}");
            await Task.Delay(50);
        }

        return snapshot;
    }

    /// <summary>Every parked record, paging through the registry <paramref name="pageSize"/> at a time.</summary>
    public static async Task<List<ParkedRecord>> AllParkedAsync(this IGrainFactory grains, int pageSize = 100)
    {
        var all = new List<ParkedRecord>();
        string? continuation = null;
        do
        {
            var page = await grains.ListParkedAsync(continuation, pageSize);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return all;
    }

    /// <summary>Waits until the registry lists (or no longer lists) the record.</summary>
    public static async Task<ParkedRecord?> WaitUntilListedAsync(this IGrainFactory grains, RecordKey key, bool listed, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var entry = (await grains.AllParkedAsync()).SingleOrDefault(r => r.Key == key);
            if ((entry is not null) == listed)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Record {key} is {(listed ? "still not" : "still")} listed as parked.");
            await Task.Delay(100);
        }
    }
}
