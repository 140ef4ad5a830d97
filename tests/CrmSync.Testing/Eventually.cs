using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CrmSync.Testing;

/// <summary>Polls with a deadline instead of sleeping: the wait is as short as the system allows, and a timeout says what never happened.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until <paramref name="condition"/> holds and returns that value; fails naming <paramref name="expectation"/>
    /// and the last value read (as <paramref name="describe"/> puts it). <paramref name="interval"/> spaces reads that
    /// cost the system something (e.g. a forced garbage collection); by default they are 100 ms apart.
    /// </summary>
    public static async Task<T> MatchesAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> condition,
        string expectation,
        TimeSpan? timeout = null,
        Func<T, string>? describe = null,
        TimeSpan? interval = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {expectation}; last seen: {(describe ?? Describe)(value)}");
            }

            await Task.Delay(interval ?? Interval);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        JsonNode node => node.ToJsonString(),
        System.Collections.ICollection collection => $"{collection.Count} items",
        _ => value.ToString() ?? "",
    };
}
