using System.Collections.Concurrent;

namespace CrmSync.CrmSimulator.Data;

/// <summary>
/// Records deleted through a CRM's control endpoint, with the version the delete reached. They stay in the store
/// (their last state goes into the delete notification) but the CRM's API no longer lists or returns them.
/// </summary>
public sealed class DeletedRecords
{
    private readonly ConcurrentDictionary<(SimEntity Entity, int Index), long> deleted = new();

    public bool Contains(SimRecord record) => deleted.ContainsKey((record.Entity, record.Index));

    /// <returns>The delete's version: one after the record's last.</returns>
    public long Delete(SimRecord record) => deleted.GetOrAdd((record.Entity, record.Index), record.Version + 1);

    public void Clear() => deleted.Clear();
}
