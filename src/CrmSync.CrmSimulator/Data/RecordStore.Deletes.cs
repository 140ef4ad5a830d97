namespace CrmSync.CrmSimulator.Data;

/// <summary>
/// Deletes and revivals, which CRMs with delete notifications (ServiceNow) need: a deleted record is gone from
/// <see cref="Find"/> and from the live reads until it is revived under the same id, as ServiceNow restores a record.
/// </summary>
public sealed partial class RecordStore
{
    private readonly SortedSet<int>[] deleted = [new(), new()];

    /// <summary>Deletes a live record: answers it as it was just before, and keeps it at the next version, deleted.</summary>
    public SimRecord? Delete(SimEntity entity, int index)
    {
        lock (gate)
        {
            if (!dataSet.Contains(entity, index) || !deleted[(int)entity].Add(index))
            {
                return null;
            }

            var last = Current(entity, index);
            Store(last with { Version = last.Version + 1 });
            return last;
        }
    }

    /// <summary>Brings a deleted record back at the version after its deletion, with <paramref name="fields"/> set; null when it is not deleted.</summary>
    public SimRecord? Revive(SimEntity entity, int index, IReadOnlyDictionary<string, string?> fields)
    {
        lock (gate)
        {
            return deleted[(int)entity].Remove(index) ? Store(Current(entity, index).With(fields)) : null;
        }
    }

    public bool IsDeleted(SimEntity entity, int index)
    {
        lock (gate)
        {
            return deleted[(int)entity].Contains(index);
        }
    }

    /// <summary>The live records at 0-based positions [offset, offset + size) of the live ones in id order, and how many are live.</summary>
    public (IReadOnlyList<SimRecord> Records, int Total) ReadLive(SimEntity entity, int offset, int size)
    {
        lock (gate)
        {
            var gone = deleted[(int)entity];
            var count = dataSet.Count(entity);
            var page = new List<SimRecord>();
            // The first index with offset live records before it: the smallest i with i = offset + 1 + (deleted ≤ i),
            // reached from below by iterating, and live because one below a deleted fixed point would be one too.
            var index = offset + 1;
            for (var next = offset + 1 + DeletedUpTo(gone, index); next != index; next = offset + 1 + DeletedUpTo(gone, index))
            {
                index = next;
            }

            for (; index <= count && page.Count < size; index++)
            {
                if (!gone.Contains(index))
                {
                    page.Add(Current(entity, index));
                }
            }

            return (page, count - gone.Count);
        }
    }

    /// <summary>The live records changed at or after <paramref name="since"/>, in id order; generated records never changed.</summary>
    public IReadOnlyList<SimRecord> LiveChangedSince(SimEntity entity, DateTimeOffset since)
    {
        lock (gate)
        {
            return [.. overlay[(int)entity].Values
                .Where(record => record.ChangedAt >= since && !deleted[(int)entity].Contains(record.Index))
                .OrderBy(record => record.Index)];
        }
    }

    /// <summary>The deleted records whose deletion was at or after <paramref name="since"/>, oldest first, each as it was stored deleted.</summary>
    public IReadOnlyList<SimRecord> DeletedSince(SimEntity entity, DateTimeOffset since)
    {
        lock (gate)
        {
            return [.. deleted[(int)entity]
                .Select(index => Current(entity, index))
                .Where(record => record.ChangedAt >= since)
                .OrderBy(record => record.ChangedAt)
                .ThenBy(record => record.Index)];
        }
    }

    /// <summary>
    /// Every record, live or deleted, whose last change (or deletion) was at or after <paramref name="since"/>, oldest
    /// change first: what an incremental export lists, deletions included.
    /// </summary>
    public IReadOnlyList<(SimRecord Record, bool Deleted)> ChangedSince(SimEntity entity, DateTimeOffset since)
    {
        lock (gate)
        {
            return [.. overlay[(int)entity].Values
                .Where(record => record.ChangedAt >= since)
                .OrderBy(record => record.ChangedAt)
                .ThenBy(record => record.Index)
                .Select(record => (record, deleted[(int)entity].Contains(record.Index)))];
        }
    }

    private static int DeletedUpTo(SortedSet<int> gone, int index) => gone.Count == 0 || index < 1 ? 0 : gone.GetViewBetween(1, index).Count;
}
