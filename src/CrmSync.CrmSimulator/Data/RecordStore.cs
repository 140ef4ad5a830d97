namespace CrmSync.CrmSimulator.Data;

/// <summary>One modification: the record's id and the version it reached.</summary>
public sealed record ChangeEntry(string Entity, string Id, long Version);

/// <summary>
/// The records as they are now: the generated data set under an overlay of changed records, so only changes cost
/// memory. Churn (records changing while a client pages) is applied here too, from a seeded random source.
/// </summary>
public sealed partial class RecordStore(DataSet dataSet)
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, SimRecord>[] overlay = [new(), new()];
    private readonly int[] churnPerPage = new int[2];
    private readonly List<ChangeEntry> changes = [];
    private Random random = new(dataSet.Seed);

    public DataSet DataSet => dataSet;

    public SimRecord? Find(SimEntity entity, string id)
    {
        if (!entity.TryParseId(id, out var index) || !dataSet.Contains(entity, index.Value))
        {
            return null;
        }

        lock (gate)
        {
            return deleted[(int)entity].Contains(index.Value) ? null : Current(entity, index.Value);
        }
    }

    /// <summary>
    /// The records at 0-based positions [offset, offset + size) in id order; then, with churn on, changes the
    /// configured number of records of that entity, as a live CRM would while a sync pages through it.
    /// </summary>
    public IReadOnlyList<SimRecord> ReadPage(SimEntity entity, int offset, int size)
    {
        var count = dataSet.Count(entity);
        var end = (int)Math.Min(count, (long)offset + size);
        lock (gate)
        {
            var page = new List<SimRecord>(Math.Max(0, end - offset));
            for (var index = offset + 1; index <= end; index++)
            {
                page.Add(Current(entity, index));
            }

            for (var churned = 0; churned < churnPerPage[(int)entity] && count > 0; churned++)
            {
                Churn(entity, random.Next(1, count + 1));
            }

            return page;
        }
    }

    /// <summary>Sets the given fields, bumps the version, and logs the change.</summary>
    public SimRecord Change(SimEntity entity, int index, IReadOnlyDictionary<string, string?> fields)
    {
        lock (gate)
        {
            return Store(Current(entity, index).With(fields));
        }
    }

    public void SetChurn(SimEntity entity, int perPage)
    {
        lock (gate)
        {
            churnPerPage[(int)entity] = perPage;
        }
    }

    public IReadOnlyList<ChangeEntry> Changes()
    {
        lock (gate)
        {
            return [.. changes];
        }
    }

    /// <summary>Back to the generated data set: no changes, no churn, and churn's random source from its seed again.</summary>
    public void Reset()
    {
        lock (gate)
        {
            Array.ForEach(overlay, records => records.Clear());
            Array.Clear(churnPerPage);
            Array.ForEach(deleted, indexes => indexes.Clear());
            changes.Clear();
            random = new Random(dataSet.Seed);
        }
    }

    private SimRecord Current(SimEntity entity, int index) =>
        overlay[(int)entity].TryGetValue(index, out var changed) ? changed : dataSet.Generate(entity, index);

    /// <summary>Churn edits a field a sync carries to Dataverse, with the version in it, so a stale write is visible there.</summary>
    private void Churn(SimEntity entity, int index)
    {
        var current = Current(entity, index);
        var field = entity == SimEntity.Account ? "name" : "lastName";
        var generated = dataSet.Generate(entity, index)[field];
        Store(current.With(new Dictionary<string, string?> { [field] = $"{generated} v{current.Version + 1}" }));
    }

    private SimRecord Store(SimRecord record)
    {
        // Whole seconds, as ServiceNow keeps sys_updated_on; a record's changes within one second differ by version.
        var now = DateTimeOffset.UtcNow;
        record = record with { ChangedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)) };
        overlay[(int)record.Entity][record.Index] = record;
        changes.Add(new ChangeEntry(record.Entity.Singular(), record.Id, record.Version));
        return record;
    }
}
