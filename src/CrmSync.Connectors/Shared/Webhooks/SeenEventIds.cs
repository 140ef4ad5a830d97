using System.Collections.Concurrent;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// The event ids a source's webhooks were acknowledged for, so that a redelivery (Zendesk and Pipedrive both send
/// some events twice) costs no read-back and no grain call. Remembered only once acknowledged: an event whose first
/// delivery failed is taken in full when it comes again. Bounded: the oldest ids are forgotten first, and a forgotten
/// duplicate is still harmless, since record grains drop a change they already hold.
/// </summary>
public sealed class SeenEventIds(int capacity = 100_000)
{
    private readonly ConcurrentDictionary<(string Source, string Id), byte> seen = new();
    private readonly ConcurrentQueue<(string Source, string Id)> order = new();

    public bool Contains(string source, string id) => seen.ContainsKey((source, id));

    public void Add(string source, string id)
    {
        if (!seen.TryAdd((source, id), 0))
        {
            return;
        }

        order.Enqueue((source, id));
        while (seen.Count > capacity && order.TryDequeue(out var oldest))
        {
            seen.TryRemove(oldest, out _);
        }
    }
}
