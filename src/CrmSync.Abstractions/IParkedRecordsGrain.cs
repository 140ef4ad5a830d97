namespace CrmSync.Abstractions;

/// <summary>
/// One shard of the registry of parked records, so that they are listed without visiting every record
/// grain (DESIGN.md §3 step 5, I5). Keyed by shard number: <see cref="ParkedRecords"/> picks a record's
/// shard and pages across all of them. Record grains keep it in step with their own state, which is the truth.
/// </summary>
public interface IParkedRecordsGrain : IGrainWithIntegerKey
{
    /// <summary>Lists the record, or replaces its error and time when it is listed already. Stored before it answers.</summary>
    ValueTask Add(RecordKey key, string? error, DateTimeOffset parkedAt);

    /// <summary>Unlists the record; a record that is not listed is no error. Stored before it answers.</summary>
    ValueTask Remove(RecordKey key);

    /// <summary>Up to <paramref name="limit"/> listed records whose keys sort after <paramref name="after"/> (ordinal), in key order.</summary>
    ValueTask<List<ParkedRecord>> List(string? after, int limit);

    /// <summary>Asks every listed record to retry its write and answers how many it asks; the asking goes on after the answer.</summary>
    ValueTask<int> RetryAll();
}

/// <summary>A record that Dataverse refused for good: Dataverse's error and when the record was parked.</summary>
[GenerateSerializer, Immutable]
public sealed record ParkedRecord(
    [property: Id(0)] RecordKey Key,
    [property: Id(1)] string? Error,
    [property: Id(2)] DateTimeOffset ParkedAt);
