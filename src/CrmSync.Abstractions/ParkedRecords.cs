using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CrmSync.Abstractions;

/// <summary>
/// The parked-records registry as a whole: <see cref="ShardCount"/> shard grains, a record's shard picked by
/// a stable hash of its key, so that a mass refusal (a bad mapping parks every record) spreads over several
/// grains and no single grain state grows with every parked record.
/// </summary>
public static class ParkedRecords
{
    /// <summary>Part of the stored layout: a record is listed in the shard this count picks, so changing it strands listings.</summary>
    public const int ShardCount = 16;

    public static IParkedRecordsGrain ParkedRecordsShard(this IGrainFactory grains, RecordKey key) =>
        grains.GetGrain<IParkedRecordsGrain>(ShardOf(key));

    /// <summary>
    /// The registry of kept records (rows edited in Dataverse that their source keeps, OnDataverseEdit Keep) is a second
    /// set of shards of the same grain, numbered after the parked ones, so that retry-parked never writes over them.
    /// </summary>
    public static IParkedRecordsGrain KeptRecordsShard(this IGrainFactory grains, RecordKey key) =>
        grains.GetGrain<IParkedRecordsGrain>(KeptShardOffset + ShardOf(key));

    private const int KeptShardOffset = ShardCount;

    /// <summary>FNV-1a over the key: string.GetHashCode differs between processes.</summary>
    public static int ShardOf(RecordKey key)
    {
        var hash = 2166136261;
        foreach (var c in key.ToString())
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % ShardCount);
    }

    /// <summary>
    /// One page of parked records, shard after shard and in key order within a shard. The continuation names
    /// the last record returned, so records parked or unparked between pages neither shift nor repeat the others.
    /// </summary>
    /// <exception cref="FormatException">The continuation is not one this method gave out.</exception>
    public static Task<ParkedRecordPage> ListParkedAsync(this IGrainFactory grains, string? continuation, int limit) =>
        grains.ListAsync(0, continuation, limit);

    /// <summary>One page of kept records, as <see cref="ListParkedAsync"/> pages parked ones.</summary>
    /// <exception cref="FormatException">The continuation is not one this method gave out.</exception>
    public static Task<ParkedRecordPage> ListKeptAsync(this IGrainFactory grains, string? continuation, int limit) =>
        grains.ListAsync(KeptShardOffset, continuation, limit);

    private static async Task<ParkedRecordPage> ListAsync(this IGrainFactory grains, int firstShard, string? continuation, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (shard, after) = continuation is null ? (0, null) : ParseContinuation(continuation);
        var items = new List<ParkedRecord>(limit);
        for (; shard < ShardCount; shard++, after = null)
        {
            items.AddRange(await grains.GetGrain<IParkedRecordsGrain>(firstShard + shard).List(after, limit - items.Count));
            if (items.Count == limit)
            {
                return new ParkedRecordPage(items, FormatContinuation(shard, items[^1].Key.ToString()));
            }
        }

        return new ParkedRecordPage(items, null);
    }

    /// <summary>Asks every parked record to retry; answers how many were asked.</summary>
    public static async Task<int> RetryParkedAsync(this IGrainFactory grains)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shard => grains.GetGrain<IParkedRecordsGrain>(shard).RetryAll().AsTask()));
        return counts.Sum();
    }

    private static string FormatContinuation(int shard, string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{shard.ToString(CultureInfo.InvariantCulture)}:{lastKey}"));

    private static (int Shard, string After) ParseContinuation(string continuation)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuation));
            var colon = text.IndexOf(':');
            if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var shard) && shard < ShardCount)
            {
                return (shard, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException("The continuation is not one this API gave out; list again without it.");
    }
}

/// <summary>A page of parked records; <see cref="Continuation"/> asks for the next one, null on the last.</summary>
public sealed record ParkedRecordPage(IReadOnlyList<ParkedRecord> Items, string? Continuation);
