using System.Collections.Concurrent;

namespace CrmSync.Connectors.Salesforce;

/// <summary>
/// Reads back the records Outbound Messages name, batched per source and entity: notifications that arrive within
/// the source's ReadBackDelay share one <c>SELECT … WHERE Id IN (…)</c> of up to 200 ids.
/// </summary>
public sealed class SalesforceReadBack(SalesforceClient client, SourceMappings mappings, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Source, string Entity), ReadBackBatcher> batchers = new();

    /// <summary>The record as Salesforce has it now, or null when it is deleted (or no longer visible to CrmSync's user).</summary>
    public Task<RecordChange?> ReadAsync(string source, string entity, string id, CancellationToken cancellationToken) =>
        batchers.GetOrAdd((source, entity), key => Create(key.Source, key.Entity)).ReadAsync(id, cancellationToken);

    /// <summary>Read-back queries sent so far for the source, for tests and telemetry.</summary>
    public long Requests(string source) => batchers.Where(b => b.Key.Source == source).Sum(b => b.Value.Requests);

    private ReadBackBatcher Create(string source, string entity)
    {
        var settings = client.Settings(source);
        var mapping = mappings.For(source, SourceKind.Salesforce, entity);
        return new ReadBackBatcher(
            async (ids, cancellationToken) =>
            {
                var records = await client.ReadByIdsAsync(source, entity, ids, mapping.SourceFields, cancellationToken);
                return records.Select(record => record.ToChange(mapping, settings.InstanceUrl!, problem => new SourceReadException($"Source '{source}': {problem}")))
                    .ToDictionary(change => change.SourceId, StringComparer.Ordinal);
            },
            SalesforceClient.MaxIdsPerQuery,
            settings.ReadBackDelay,
            clock);
    }
}
