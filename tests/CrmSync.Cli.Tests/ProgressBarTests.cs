namespace CrmSync.Cli.Tests;

public sealed class ProgressBarTests
{
    [Fact]
    public void WithATotalShowsBarReadOfTotalPercentRateAndEta()
    {
        var line = ProgressBar.Render(Jobs.Running(read: 2_500, total: 10_000, rate: 500, eta: 15), width: 100);

        Assert.Contains("2,500/10,000", line);
        Assert.Contains(" 25%", line);
        Assert.Contains("500/s", line);
        Assert.EndsWith("ETA 15s", line);
        var bar = Bar(line);
        Assert.Equal(bar.Length / 4, bar.Count(c => c == '#'));
    }

    [Fact]
    public void WithoutATotalShowsReadAndRateOnly()
    {
        var line = ProgressBar.Render(Jobs.Running(read: 12_345, total: null, rate: 1_234.4), width: 100);

        Assert.Equal("12,345 read  1,234/s", line);
    }

    [Fact]
    public void EtaIsEstimatedFromTheRateWhenTheGatewayGivesNone()
    {
        var line = ProgressBar.Render(Jobs.Running(read: 1_000, total: 7_000, rate: 100, eta: null), width: 100);

        Assert.EndsWith("ETA 1m00s", line);
    }

    [Fact]
    public void NoEtaWhileNothingHasBeenRead()
    {
        var line = ProgressBar.Render(Jobs.Running(read: 0, total: 7_000, rate: 0, eta: null), width: 100);

        Assert.DoesNotContain("ETA", line);
        Assert.DoesNotContain('#', line);
        Assert.Contains("0/7,000", line);
    }

    [Fact]
    public void MoreReadThanTheTotalStopsAtAFullBar()
    {
        var line = ProgressBar.Render(Jobs.Running(read: 10_400, total: 10_000, rate: 500, eta: 0), width: 100);

        Assert.Contains("100%", line);
        Assert.DoesNotContain('-', Bar(line));
    }

    [Fact]
    public void AnEndedJobShowsNoEta()
    {
        var line = ProgressBar.Render(Jobs.Ended(SyncJobState.Completed, read: 800, took: TimeSpan.FromSeconds(4)), width: 100);

        Assert.Contains("800/800", line);
        Assert.Contains("100%", line);
        Assert.DoesNotContain("ETA", line);
    }

    [Fact]
    public void AJobNotYetStartedSaysItIsWaiting()
    {
        var line = ProgressBar.Render(Jobs.Running(0, null) with { State = SyncJobState.NotStarted }, width: 100);

        Assert.Equal("generic:account: waiting for the job to start", line);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(60)]
    [InlineData(40)]
    [InlineData(20)]
    public void TheLineNeverExceedsTheWidthSoATerminalDoesNotWrapIt(int width)
    {
        var line = ProgressBar.Render(Jobs.Running(read: 123_456_789, total: 987_654_321, rate: 12_345, eta: 70_000), width);

        Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}");
    }

    [Fact]
    public void TheBarGrowsWithAWiderTerminalUpToItsLongest()
    {
        var job = Jobs.Running(read: 500, total: 1_000, rate: 50, eta: 10);

        Assert.True(Bar(ProgressBar.Render(job, 80)).Length > Bar(ProgressBar.Render(job, 60)).Length);
        Assert.Equal(Bar(ProgressBar.Render(job, 200)).Length, Bar(ProgressBar.Render(job, 300)).Length);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(42.4, "42s")]
    [InlineData(185, "3m05s")]
    [InlineData(7_620, "2h07m")]
    public void DurationsAreShortAndPreciseWhereItMatters(double seconds, string shown)
    {
        Assert.Equal(shown, Format.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void SlowRatesKeepADecimalSoTheyDoNotReadAsZero()
    {
        Assert.Equal("0.4/s", Format.Rate(0.42));
        Assert.Equal("12/s", Format.Rate(12.4));
    }

    /// <summary>The bar's cells, between the brackets.</summary>
    private static string Bar(string line) => line[(line.IndexOf('[') + 1)..line.IndexOf(']')];
}
