using System.Runtime.InteropServices;
using CrmSync.Dataverse;

namespace CrmSync.Grains.Reconcile;

/// <summary>
/// What a reconcile keeps of each source record: its version and a hash of the columns it maps to, plus whether a row
/// was found for it. A few dozen bytes per record (the id string and one small struct), so a million records fit in
/// well under 200 MB. The columns a record maps are kept once per distinct set, not per record.
/// </summary>
public sealed class SourceIndex(SourceRows rows)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string[]> _columnSets = [];
    private readonly Dictionary<string, int> _columnSetIds = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Every column some record maps to: what the Dataverse query selects.</summary>
    public IEnumerable<string> Columns => _columnSets.SelectMany(set => set).Distinct(StringComparer.Ordinal);

    public void Add(RecordChange change)
    {
        var expected = change.Fields.Select(f => RowColumns.Expected(f.Key, f.Value, rows)).ToList();
        var columns = expected.Select(c => c.Column).Order(StringComparer.Ordinal).ToArray();
        var setKey = string.Join('\n', columns);
        if (!_columnSetIds.TryGetValue(setKey, out var setId))
        {
            setId = _columnSets.Count;
            _columnSets.Add(columns);
            _columnSetIds[setKey] = setId;
        }

        // A page may list a record twice when it changed while the source was being read: the newest wins.
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, change.SourceId, out var exists);
        if (!exists || change.Version > entry.Version)
        {
            entry = new Entry(change.Version, RowColumns.Hash(expected), setId, Seen: false);
        }
    }

    /// <summary>Marks the record's row as found; null when the source does not have the record (an orphan).</summary>
    public bool? MatchRow(string sourceId, Func<string[], ulong> hashRow)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, sourceId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            return null;
        }

        entry = entry with { Seen = true };
        return hashRow(_columnSets[entry.ColumnSet]) == entry.Hash;
    }

    public ChangeVersion VersionOf(string sourceId) => _entries[sourceId].Version;

    /// <summary>Records no row was found for.</summary>
    public IEnumerable<string> Unseen => _entries.Where(e => !e.Value.Seen).Select(e => e.Key);

    private readonly record struct Entry(ChangeVersion Version, ulong Hash, int ColumnSet, bool Seen);
}
