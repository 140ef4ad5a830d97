namespace CrmSync.Dataverse.Writing;

/// <summary>A row write waiting for its request, and the grain waiting for its outcome.</summary>
public sealed class PendingWrite(RowWrite write)
{
    public RowWrite Write => write;

    public TaskCompletionSource<WriteResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Pending writes by table and kind (upsert or delete, first write or not), owned by the writer's single dispatcher, so
/// no locks. A request takes from the group whose oldest write has waited longest.
/// </summary>
public sealed class WriteBuffer
{
    private readonly Dictionary<(string Table, bool Delete, bool FirstWrite), Queue<(long Sequence, PendingWrite Write)>> _groups = [];
    private long _sequence;

    public int Count { get; private set; }

    public void Add(PendingWrite pending)
    {
        var key = (pending.Write.Table.LogicalName, pending.Write.IsDelete, pending.Write.FirstWrite);
        if (!_groups.TryGetValue(key, out var queue))
        {
            _groups[key] = queue = new();
        }

        queue.Enqueue((_sequence++, pending));
        Count++;
    }

    /// <summary>Up to <paramref name="max"/> writes of one group, each row at most once (bulk requests refuse repeated keys).</summary>
    public List<PendingWrite> Take(int max)
    {
        var queue = _groups.Values.Where(q => q.Count > 0).MinBy(q => q.Peek().Sequence);
        var batch = new List<PendingWrite>();
        if (queue is null)
        {
            return batch;
        }

        var rows = new HashSet<Guid>();
        var repeated = new List<(long, PendingWrite)>();
        while (batch.Count < max && queue.TryDequeue(out var item))
        {
            if (rows.Add(item.Write.Write.RowId))
            {
                batch.Add(item.Write);
            }
            else
            {
                repeated.Add(item);
            }
        }

        foreach (var item in repeated)
        {
            queue.Enqueue(item);
        }

        Count -= batch.Count;
        return batch;
    }
}
