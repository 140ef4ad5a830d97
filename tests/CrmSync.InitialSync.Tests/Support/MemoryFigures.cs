namespace CrmSync.InitialSync.Tests.Support;

/// <summary>How the import tests print the silo's memory, sampled by <see cref="ResidentMemory"/>.</summary>
public static class MemoryFigures
{
    public static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0} MiB";

    /// <summary>
    /// How much the second half of <paramref name="samples"/> rose above the first half's peak: memory that stays flat
    /// after the warm-up rises little, memory kept per record rises with every record. Reported, not asserted: the
    /// garbage collector's sizing under a loaded machine moves it by tens of MiB either way.
    /// </summary>
    public static string DescribeRise(IReadOnlyList<long> samples)
    {
        if (samples.Count < 2)
        {
            return "too few samples to compare the halves";
        }

        var half = samples.Count / 2;
        var firstPeak = samples.Take(half).Max();
        var secondPeak = samples.Skip(half).Max();
        return $"second half's peak {Mib(secondPeak)} against the first half's {Mib(firstPeak)} ({(secondPeak >= firstPeak ? "+" : "-")}{Mib(Math.Abs(secondPeak - firstPeak))})";
    }
}
