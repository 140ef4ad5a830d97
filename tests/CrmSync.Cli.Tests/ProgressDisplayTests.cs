namespace CrmSync.Cli.Tests;

public sealed class ProgressDisplayTests
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private readonly StringWriter _output = new();

    [Fact]
    public void OnATerminalOneLineIsRedrawnInPlaceAndEndsWithANewLine()
    {
        var display = new ProgressDisplay(_output, terminal: true, width: 80, LineInterval);

        var views = Polls(total: 1_000, polls: 6);
        foreach (var (view, at) in views)
        {
            display.Show(view, at);
        }

        display.Finish(Jobs.Ended(SyncJobState.Completed, 1_000, TimeSpan.FromSeconds(3)), Jobs.Start.AddSeconds(3));

        var text = _output.ToString();
        var frames = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(views.Count + 1, frames.Length);
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.EndsWith(Environment.NewLine, text);
        Assert.Contains("1,000/1,000  100%", frames[^1]);
        Assert.All(frames, frame => Assert.True(frame.TrimEnd().Length < 80, frame));
    }

    [Fact]
    public void OnATerminalAShorterLineBlanksWhatTheLongerOneLeft()
    {
        var display = new ProgressDisplay(_output, terminal: true, width: 100, LineInterval);

        display.Show(Jobs.Running(read: 10, total: null, rate: 123_456), Jobs.Start);
        display.Show(Jobs.Running(read: 20, total: null, rate: 1), Jobs.Start.AddSeconds(1));

        var frames = _output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("20 read  1/s", frames[1].TrimEnd());
        Assert.Equal(frames[0].Length, frames[1].Length);
    }

    [Fact]
    public void RedirectedItPrintsALineEveryFewSecondsAndTheLastState()
    {
        var display = new ProgressDisplay(_output, terminal: false, width: 80, LineInterval);

        var views = Polls(total: 12_000, polls: 12, every: TimeSpan.FromSeconds(1));
        foreach (var (view, at) in views)
        {
            display.Show(view, at);
        }

        display.Finish(Jobs.Ended(SyncJobState.Completed, 12_000, TimeSpan.FromSeconds(12)), Jobs.Start.AddSeconds(12));

        var text = _output.ToString();
        Assert.DoesNotContain('\r', text);
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0/12,000", "5,000/12,000", "10,000/12,000", "12,000/12,000"], lines.Select(ReadOfTotal));
    }

    [Fact]
    public void RedirectedTheLastStateIsNotPrintedTwice()
    {
        var display = new ProgressDisplay(_output, terminal: false, width: 80, LineInterval);
        var ended = Jobs.Ended(SyncJobState.Cancelled, 40, TimeSpan.FromSeconds(2));

        display.Show(ended, Jobs.Start);
        display.Finish(ended, Jobs.Start.AddSeconds(1));

        Assert.Single(_output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void BreakEndsTheRedrawnLineSoAnErrorGetsALineOfItsOwn()
    {
        var display = new ProgressDisplay(_output, terminal: true, width: 80, LineInterval);

        display.Show(Jobs.Running(read: 10, total: null, rate: 5), Jobs.Start);
        display.Break();
        display.Break();

        Assert.Equal($"\r10 read  5/s{Environment.NewLine}", _output.ToString());
    }

    [Fact]
    public void SummarySaysHowTheJobEndedWhatItDidAndHowLongItTook()
    {
        var job = Jobs.Ended(SyncJobState.Completed, read: 12_000, took: TimeSpan.FromSeconds(65));

        var summary = SyncSummary.Render(job, SyncSummary.Elapsed(job, watched: TimeSpan.FromSeconds(3)));

        Assert.Equal("Sync generic:account completed after 1m05s: 12,000 read, 11,997 accepted, 2 stale, 11,995 written, 2 parked.", summary);
    }

    [Fact]
    public void AFailedJobsHintCarriesItsError()
    {
        var job = Jobs.Ended(SyncJobState.Failed, read: 10, took: TimeSpan.FromSeconds(1), error: "The source answered 500.");

        Assert.StartsWith("The sync failed: The source answered 500. Fix the cause", SyncSummary.Hint(job));
    }

    /// <summary>A job read at an even pace, polled <paramref name="polls"/> times, as the gateway would answer.</summary>
    private static List<(SyncJobView View, DateTimeOffset At)> Polls(long total, int polls, TimeSpan? every = null)
    {
        var step = every ?? TimeSpan.FromMilliseconds(500);
        return [.. Enumerable.Range(0, polls).Select(i => (Jobs.Running(read: total * i / polls, total, rate: total / (polls * step.TotalSeconds)), Jobs.Start + i * step))];
    }

    private static string ReadOfTotal(string line) => line.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1];
}
