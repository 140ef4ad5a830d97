using System.Collections.Concurrent;

namespace CrmSync.Dataverse.Writing;

/// <summary>
/// What the environment supports, learnt by the start-up check. Until then, or without it, the writer
/// assumes bulk messages work and falls back to $batch for a table that refuses them.
/// </summary>
public sealed class DataverseCapabilities
{
    private readonly ConcurrentDictionary<string, bool> _bulkTables = new(StringComparer.Ordinal);

    public bool SupportsUpsertMultiple(DataverseTable table) => _bulkTables.GetValueOrDefault(table.LogicalName, true);

    public void SetUpsertMultiple(DataverseTable table, bool supported) => _bulkTables[table.LogicalName] = supported;
}
