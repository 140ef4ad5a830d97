using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// Salesforce's Recycle Bin: deleted records stay in the store (so undelete brings them back as they were) but the API
/// no longer finds them. A delete and an undelete each move the record's version on, so each has its own SystemModstamp.
/// </summary>
public sealed class SalesforceRecycleBin(RecordStore store)
{
    private static readonly Dictionary<string, string?> NoFieldChange = [];

    private readonly Lock gate = new();
    private readonly HashSet<(SimEntity Entity, int Index)> deleted = [];
    private DateTimeOffset purgedBefore = SimRecord.Epoch;

    public RecordStore Store => store;

    /// <summary>getDeleted's <c>earliestDateAvailable</c>: deletions before it have been purged from the log.</summary>
    public DateTimeOffset EarliestAvailable
    {
        get
        {
            lock (gate)
            {
                return purgedBefore;
            }
        }
    }

    /// <summary>
    /// Purges the deletion log before <paramref name="before"/>, as Salesforce does after 15 days or sooner when the log is
    /// large: those records stay deleted, but getDeleted no longer lists them.
    /// </summary>
    public void PurgeLogBefore(DateTimeOffset before)
    {
        lock (gate)
        {
            purgedBefore = before > purgedBefore ? before : purgedBefore;
        }
    }

    public bool IsDeleted(SimEntity entity, int index)
    {
        lock (gate)
        {
            return deleted.Contains((entity, index));
        }
    }

    /// <summary>The live record an id (15 or 18 characters) names, or null when there is none or it is in the bin.</summary>
    public SimRecord? Find(SimEntity entity, string? id) =>
        SalesforceIds.TryParse(entity, id, out var index) && store.DataSet.Contains(entity, index.Value) && !IsDeleted(entity, index.Value)
            ? store.Find(entity, entity.IdOf(index.Value))
            : null;

    /// <summary>Null when the record is already deleted; otherwise the record at its deletion's version.</summary>
    public SimRecord? Delete(SimEntity entity, int index)
    {
        lock (gate)
        {
            return deleted.Add((entity, index)) ? store.Change(entity, index, NoFieldChange) : null;
        }
    }

    /// <summary>Null when the record is not deleted; otherwise the revived record at its new version.</summary>
    public SimRecord? Undelete(SimEntity entity, int index)
    {
        lock (gate)
        {
            return deleted.Remove((entity, index)) ? store.Change(entity, index, NoFieldChange) : null;
        }
    }

    /// <summary>The records in the bin deleted between <paramref name="start"/> and <paramref name="end"/>, each at its deletion's version.</summary>
    public IReadOnlyList<SimRecord> DeletedBetween(SimEntity entity, DateTimeOffset start, DateTimeOffset end)
    {
        lock (gate)
        {
            return [.. deleted.Where(key => key.Entity == entity)
                .Select(key => store.Find(entity, entity.IdOf(key.Index)))
                .OfType<SimRecord>()
                .Where(record => record.UpdatedAt >= start && record.UpdatedAt <= end && record.UpdatedAt >= purgedBefore)
                .OrderBy(record => record.UpdatedAt)
                .ThenBy(record => record.Index)];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            deleted.Clear();
            purgedBefore = SimRecord.Epoch;
        }
    }
}
