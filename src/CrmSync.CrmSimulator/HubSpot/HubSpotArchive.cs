using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.HubSpot;

/// <summary>Records deleted through HubSpot's side of the simulator: lists skip them and batch reads report them missing.</summary>
public sealed class HubSpotArchive
{
    private readonly Lock gate = new();
    private readonly HashSet<(SimEntity, int)> archived = [];

    public void Archive(SimRecord record)
    {
        lock (gate)
        {
            archived.Add((record.Entity, record.Index));
        }
    }

    public bool Contains(SimRecord record)
    {
        lock (gate)
        {
            return archived.Contains((record.Entity, record.Index));
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
