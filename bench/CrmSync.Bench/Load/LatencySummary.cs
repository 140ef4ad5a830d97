namespace CrmSync.Bench.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest-rank).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <paramref name="milliseconds"/>, which it sorts in place.</summary>
    public static LatencySummary Of(double[] milliseconds)
    {
        if (milliseconds.Length == 0)
        {
            return Empty;
        }

        Array.Sort(milliseconds);
        return new(milliseconds.Length, Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.90), Percentile(milliseconds, 0.99), milliseconds[^1]);
    }

    /// <summary>The smallest value that at least <paramref name="fraction"/> of the sorted values do not exceed.</summary>
    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
