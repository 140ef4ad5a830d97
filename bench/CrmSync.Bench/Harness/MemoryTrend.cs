namespace CrmSync.Bench.Harness;

/// <summary>
/// Whether a process's resident memory grows over a long run: the least-squares slope of its samples over time. A
/// restarted process starts again from little, which one line through all samples would read as shrinkage, so each
/// process id (each life of the process) gets a line of its own height and all share one slope: the pooled
/// within-process slope, which for a process never restarted is the ordinary least-squares slope.
/// </summary>
public static class MemoryTrend
{
    /// <summary>
    /// The samples a trend is judged on: none from the run's first <paramref name="warmUp"/>, and none from the first
    /// <paramref name="restartWarmUp"/> of each process id after the first, while a restarted process warms up again.
    /// </summary>
    public static IReadOnlyList<RssSample> Settled(IReadOnlyList<RssSample> samples, TimeSpan warmUp, TimeSpan restartWarmUp)
    {
        if (samples is not [var first, ..])
        {
            return [];
        }

        var startOf = samples.GroupBy(sample => sample.Pid).ToDictionary(life => life.Key, life => life.Min(sample => sample.At));
        return [.. samples.Where(sample => sample.At >= warmUp && (sample.Pid == first.Pid || sample.At >= startOf[sample.Pid] + restartWarmUp))];
    }

    /// <summary>Bytes per second, or null when no process id has two samples at different times.</summary>
    public static double? BytesPerSecond(IEnumerable<RssSample> samples)
    {
        double covariance = 0, variance = 0;
        foreach (var life in samples.GroupBy(sample => sample.Pid))
        {
            var meanSeconds = life.Average(sample => sample.At.TotalSeconds);
            var meanBytes = life.Average(sample => (double)sample.Bytes);
            foreach (var sample in life)
            {
                var seconds = sample.At.TotalSeconds - meanSeconds;
                covariance += seconds * (sample.Bytes - meanBytes);
                variance += seconds * seconds;
            }
        }

        return variance > 0 ? covariance / variance : null;
    }

    /// <summary>The middle sample's bytes (the mean of the two middle ones for an even count), or null for none.</summary>
    public static double? MedianBytes(IEnumerable<RssSample> samples)
    {
        var sorted = samples.Select(sample => sample.Bytes).Order().ToList();
        return sorted.Count == 0 ? null : (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2.0;
    }
}
