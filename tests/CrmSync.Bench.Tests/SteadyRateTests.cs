namespace CrmSync.Bench.Tests;

public sealed class SteadyRateTests
{
    [Fact]
    public void TheRateRunsFromOneSkipAfterTheFirstWriteToTheLastWrite()
    {
        // Nothing for 1 s, a burst of 500 rows, then 100 rows a second until 1,500, then nothing.
        (TimeSpan, long)[] samples =
        [
            (Seconds(0), 0), (Seconds(1), 0), (Seconds(2), 500), (Seconds(3), 600), (Seconds(4), 700), (Seconds(5), 800),
            (Seconds(6), 900), (Seconds(7), 1000), (Seconds(12), 1500), (Seconds(13), 1500), (Seconds(14), 1500),
        ];

        var rate = WriteTimeline.SteadyRateOf(samples, skip: Seconds(2));

        Assert.Equal(100, rate.RecordsPerSecond, precision: 6);
        Assert.Equal(Seconds(8), rate.Over);
        Assert.Equal(800, rate.Rows);
    }

    [Fact]
    public void WritesThatEndWithinTheSkipGiveNoRate()
    {
        (TimeSpan, long)[] samples = [(Seconds(0), 0), (Seconds(1), 10), (Seconds(2), 20), (Seconds(3), 20)];

        var rate = WriteTimeline.SteadyRateOf(samples, skip: Seconds(5));

        Assert.True(double.IsNaN(rate.RecordsPerSecond));
        Assert.Equal(20, rate.Rows);
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
