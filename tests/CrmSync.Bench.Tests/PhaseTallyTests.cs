using CrmSync.Bench.Scenarios.Offered;

namespace CrmSync.Bench.Tests;

public sealed class PhaseTallyTests
{
    [Fact]
    public void AnswersCountInTheWindowOfTheirSecondAndTheLastWindowTakesTheRest()
    {
        var tally = new PhaseTally();

        tally.Answered(new Answer(429, TimeSpan.FromSeconds(1), null, TimeSpan.FromMilliseconds(3)));
        tally.Answered(new Answer(503, null, "answered 503", TimeSpan.FromMilliseconds(40)));
        tally.Answered(new Answer(200, null, null, TimeSpan.FromMilliseconds(90)));
        tally.DeliveryAcknowledged(100);
        var windows = tally.Windows(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3.5));

        Assert.Equal(
            [
                new TallyWindow(TimeSpan.Zero, TimeSpan.FromSeconds(1), 100, 1, 1),
                new TallyWindow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0, 0, 0),
                new TallyWindow(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3.5), 0, 0, 0),
            ],
            windows);
        Assert.Equal(100, windows[0].AcknowledgedPerSecond);
    }
}
