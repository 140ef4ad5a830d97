using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>
/// Records deleted through HubSpot's side of the simulator, each with when it was archived (on the records' updatedAt
/// clock): lists skip them unless asked for <c>archived=true</c>, and batch reads report them missing.
/// </summary>
public sealed class HubSpotArchive
{
    private readonly Lock gate = new();
    private readonly Dictionary<(SimEntity, int), DateTimeOffset> archived = [];

    public void Archive(SimRecord record, DateTimeOffset at)
    {
        lock (gate)
        {
            archived[(record.Entity, record.Index)] = at;
        }
    }

    public bool Contains(SimRecord record)
    {
        lock (gate)
        {
            return archived.ContainsKey((record.Entity, record.Index));
        }
    }

    /// <summary>The archived records of an entity by index, with when each was archived.</summary>
    public IReadOnlyList<(int Index, DateTimeOffset At)> Archived(SimEntity entity)
    {
        lock (gate)
        {
            return [.. archived.Where(entry => entry.Key.Item1 == entity).Select(entry => (entry.Key.Item2, entry.Value)).OrderBy(entry => entry.Item1)];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            archived.Clear();
        }
    }
}
