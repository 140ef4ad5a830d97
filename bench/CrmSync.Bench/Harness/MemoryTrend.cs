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

    /// <summary>
    /// For a process restarted on a schedule: the least-squares slope of each life's median over the life's middle time,
    /// or null with fewer than three lives. In a life of a few minutes a restarted process is still warming up (taking its
    /// share of the records back, growing its GC budget), so the pooled slope above measures that warm-up again at every
    /// restart; memory that grows with the run shows from one life to the next instead.
    /// </summary>
    public static double? LifeOverLifeBytesPerSecond(IEnumerable<RssSample> samples)
    {
        var lives = samples.GroupBy(sample => sample.Pid)
            .Select(life => (Seconds: (life.Min(sample => sample.At) + life.Max(sample => sample.At)).TotalSeconds / 2, Bytes: MedianBytes(life)!.Value))
            .ToList();
        if (lives.Count < 3)
        {
            return null;
        }

        var meanSeconds = lives.Average(life => life.Seconds);
        var meanBytes = lives.Average(life => life.Bytes);
        var variance = lives.Sum(life => (life.Seconds - meanSeconds) * (life.Seconds - meanSeconds));
        return variance > 0 ? lives.Sum(life => (life.Seconds - meanSeconds) * (life.Bytes - meanBytes)) / variance : null;
    }

    /// <summary>The middle sample's bytes (the mean of the two middle ones for an even count), or null for none.</summary>
    public static double? MedianBytes(IEnumerable<RssSample> samples)
    {
        var sorted = samples.Select(sample => sample.Bytes).Order().ToList();
        return sorted.Count == 0 ? null : (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2.0;
    }
}
