namespace CrmSync.Bench.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void PercentilesAreNearestRankOfTheSortedLatencies()
    {
        var latencies = Enumerable.Range(1, 200).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.Of(latencies);

        Assert.Equal(new LatencySummary(200, 100, 180, 198, 200), summary);
    }

    [Fact]
    public void OneLatencyIsEveryPercentile()
    {
        Assert.Equal(new LatencySummary(1, 7, 7, 7, 7), LatencySummary.Of([7]));
    }

    [Fact]
    public void NoLatenciesHaveNoPercentiles()
    {
        var summary = LatencySummary.Of([]);

        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.P99));
    }
}
