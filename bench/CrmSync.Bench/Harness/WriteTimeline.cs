namespace CrmSync.Bench.Harness;

/// <summary>The emulator's count of rows written, sampled four times a second while started, to find the steady write rate.</summary>
public sealed class WriteTimeline(EmulatorClient dataverse)
{
    private readonly List<(TimeSpan At, long Rows)> _samples = [];

    /// <summary>Samples until the result is disposed.</summary>
    public IAsyncDisposable Start()
    {
        var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var stats = await dataverse.StatsAsync();
                lock (_samples)
                {
                    _samples.Add((clock.Elapsed, stats.RecordsWritten));
                }

                try
                {
                    await Task.Delay(250, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        return new Sampling(stop, sampling);
    }

    /// <summary>The steady rate of what has been sampled so far; see <see cref="SteadyRateOf"/>.</summary>
    public SteadyRate SteadyRate(TimeSpan skip)
    {
        lock (_samples)
        {
            return SteadyRateOf([.. _samples], skip);
        }
    }

    /// <summary>
    /// Rows per second from <paramref name="skip"/> after the first row was written to the sample in which the count
    /// reached its final value (the last write): the rate once the start (the first window's burst, say) is behind.
    /// </summary>
    public static SteadyRate SteadyRateOf(IReadOnlyList<(TimeSpan At, long Rows)> samples, TimeSpan skip)
    {
        if (samples.Count < 2)
        {
            return new SteadyRate(double.NaN, TimeSpan.Zero, 0);
        }

        var rows = samples.Select(sample => sample.Rows).ToList();
        var first = rows.FindIndex(count => count > rows[0]);
        var last = rows.IndexOf(rows[^1]);
        var begin = first < 0 ? -1 : Enumerable.Range(first, samples.Count - first).FirstOrDefault(i => samples[i].At >= samples[first].At + skip, -1);
        if (begin < 0 || begin >= last)
        {
            return new SteadyRate(double.NaN, TimeSpan.Zero, rows[^1] - rows[0]);
        }

        var over = samples[last].At - samples[begin].At;
        return new SteadyRate((rows[last] - rows[begin]) / over.TotalSeconds, over, rows[last] - rows[begin]);
    }

    private sealed class Sampling(CancellationTokenSource stop, Task sampling) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await sampling;
            stop.Dispose();
        }
    }
}

/// <param name="RecordsPerSecond">Rows written per second over <paramref name="Over"/>; NaN when too little was written to tell.</param>
public sealed record SteadyRate(double RecordsPerSecond, TimeSpan Over, long Rows)
{
    public string Describe() => double.IsNaN(RecordsPerSecond)
        ? "too few samples after the first window to tell"
        : $"{Rows:N0} rows in {Over.TotalSeconds:0.0} s";
}
