using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Paging;

/// <summary>One page read from the store: the records at 0-based positions [Offset, Offset + Records.Count) of Total.</summary>
public sealed record ServedPage(SimEntity Entity, IReadOnlyList<SimRecord> Records, int Offset, int Size, int Total, string BaseUrl)
{
    public int NextOffset => Offset + Records.Count;

    public bool IsLast => NextOffset >= Total;
}
