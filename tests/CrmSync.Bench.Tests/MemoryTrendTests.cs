namespace CrmSync.Bench.Tests;

public sealed class MemoryTrendTests
{
    private const int Pid = 100;

    [Fact]
    public void TheTrendOfAStraightLineIsItsGradient()
    {
        var samples = Line(Pid, from: 0, to: 600, startBytes: 200_000_000, bytesPerSecond: 1_500);

        Assert.Equal(1_500, MemoryTrend.BytesPerSecond(samples)!.Value, precision: 6);
    }

    [Fact]
    public void TheTrendOfASawtoothAroundAFlatLineIsZero()
    {
        // High, low, low, high, …: the same read forwards and backwards, as a GC's swings around a steady heap average out.
        var samples = Enumerable.Range(0, 600).Select(second => Sample(Pid, second, second % 4 is 0 or 3 ? 300_000_000 : 280_000_000)).ToList();

        Assert.Equal(0, MemoryTrend.BytesPerSecond(samples)!.Value, precision: 6);
    }

    [Fact]
    public void ARestartedProcessIsFittedAtTheHeightOfEachLifeWithOneSlope()
    {
        var samples = Line(Pid, from: 0, to: 300, startBytes: 400_000_000, bytesPerSecond: 200)
            .Concat(Line(Pid + 1, from: 300, to: 600, startBytes: 150_000_000, bytesPerSecond: 200))
            .ToList();

        Assert.Equal(200, MemoryTrend.BytesPerSecond(samples)!.Value, precision: 6);
    }

    [Fact]
    public void ARestartedProcessThatWarmsUpInEachLifeButNoHigherThanTheLastIsFlatLifeOverLife()
    {
        var samples = Enumerable.Range(0, 4)
            .SelectMany(life => Line(Pid + life, from: life * 300, to: life * 300 + 300, startBytes: 150_000_000, bytesPerSecond: 100_000))
            .ToList();

        Assert.True(MemoryTrend.BytesPerSecond(samples) > 99_000);
        Assert.Equal(0, MemoryTrend.LifeOverLifeBytesPerSecond(samples)!.Value, precision: 6);
    }

    [Fact]
    public void EachLifeHigherThanTheLastIsATrendLifeOverLife()
    {
        // Flat within each life, 30 MB higher each 300 s: 100,000 bytes a second from one life to the next.
        var samples = Enumerable.Range(0, 3)
            .SelectMany(life => Line(Pid + life, from: life * 300, to: life * 300 + 300, startBytes: 150_000_000 + life * 30_000_000L, bytesPerSecond: 0))
            .ToList();

        Assert.Equal(100_000, MemoryTrend.LifeOverLifeBytesPerSecond(samples)!.Value, precision: 3);
        Assert.Null(MemoryTrend.LifeOverLifeBytesPerSecond(samples.Where(sample => sample.Pid < Pid + 2)));
    }

    [Fact]
    public void LivesOfDifferentLengthsWeighTheirSlopesByTheirSpread()
    {
        // Σ(t−t̄)² of 0..3 is 5 and of 0..1 is 0.5, so the pooled slope is (5·10 + 0.5·(−10)) / 5.5.
        var samples = Line(Pid, from: 0, to: 4, startBytes: 1_000, bytesPerSecond: 10)
            .Concat(Line(Pid + 1, from: 10, to: 12, startBytes: 1_000, bytesPerSecond: -10))
            .ToList();

        Assert.Equal(45 / 5.5, MemoryTrend.BytesPerSecond(samples)!.Value, precision: 9);
    }

    [Fact]
    public void OneSamplePerLifeHasNoTrend()
    {
        Assert.Null(MemoryTrend.BytesPerSecond([Sample(Pid, 0, 1_000), Sample(Pid + 1, 5, 2_000)]));
        Assert.Null(MemoryTrend.BytesPerSecond([]));
    }

    [Fact]
    public void SettledSamplesSkipTheWarmUpAndTheFirstSecondsOfEachRestartedLife()
    {
        var samples = Line(Pid, from: 0, to: 300, startBytes: 1_000, bytesPerSecond: 1)
            .Concat(Line(Pid + 1, from: 300, to: 600, startBytes: 1_000, bytesPerSecond: 1))
            .ToList();

        var settled = MemoryTrend.Settled(samples, warmUp: TimeSpan.FromSeconds(120), restartWarmUp: TimeSpan.FromSeconds(60));

        Assert.Equal(
            [.. Enumerable.Range(120, 180).Select(second => (Pid, second)), .. Enumerable.Range(360, 240).Select(second => (Pid + 1, second))],
            settled.Select(sample => (sample.Pid, (int)sample.At.TotalSeconds)));
    }

    [Fact]
    public void TheMedianIsTheMiddleSampleOrTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(20, MemoryTrend.MedianBytes([Sample(Pid, 0, 30), Sample(Pid, 1, 10), Sample(Pid, 2, 20)]));
        Assert.Equal(15, MemoryTrend.MedianBytes([Sample(Pid, 0, 30), Sample(Pid, 1, 10), Sample(Pid, 2, 20), Sample(Pid, 3, 0)]));
        Assert.Null(MemoryTrend.MedianBytes([]));
    }

    private static List<RssSample> Line(int pid, int from, int to, long startBytes, long bytesPerSecond) =>
        [.. Enumerable.Range(from, to - from).Select(second => Sample(pid, second, startBytes + (second - from) * bytesPerSecond))];

    private static RssSample Sample(int pid, int second, long bytes) => new(pid, TimeSpan.FromSeconds(second), bytes);
}
