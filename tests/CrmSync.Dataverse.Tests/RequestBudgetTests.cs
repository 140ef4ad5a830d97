using CrmSync.Dataverse.Writing;

namespace CrmSync.Dataverse.Tests;

/// <summary>The budget's arithmetic on a clock the test moves.</summary>
public class RequestBudgetTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void RoomComesBackAWindowAfterTheAnswerOfTheRequestThatFilledIt()
    {
        var budget = new RequestBudget(2, TimeSpan.FromSeconds(10), _clock);
        budget.Answered(budget.Spend(), remaining: null, retryAfter: null);
        _clock.Advance(TimeSpan.FromSeconds(4));
        budget.Answered(budget.Spend(), remaining: null, retryAfter: null);

        Assert.Equal(0, budget.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(6), budget.UntilRoom());
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, budget.Remaining);
        Assert.Equal(TimeSpan.Zero, budget.UntilRoom());
    }

    [Fact]
    public void TheLimitIsWhatTheServerSaysRemainsPlusWhatWasSent()
    {
        var budget = new RequestBudget(6000, TimeSpan.FromMinutes(5), _clock);
        var first = budget.Spend();
        var second = budget.Spend();
        budget.Answered(second, remaining: 10, retryAfter: null);
        budget.Answered(first, remaining: 11, retryAfter: null);

        Assert.Equal(12, budget.Limit);
        Assert.Equal(10, budget.Remaining);
    }

    [Fact]
    public void ASmallRequestKeepsThePaceOfTheWindowOverTheRequestsLeft()
    {
        var budget = new RequestBudget(11, TimeSpan.FromSeconds(100), _clock);
        budget.Answered(budget.Spend(), remaining: null, retryAfter: null);

        Assert.Equal(TimeSpan.FromSeconds(10), budget.UntilPaced());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, budget.UntilPaced());
    }

    [Fact]
    public void AfterARefusalOneRequestMayAskOnceRetryAfterHasPassed()
    {
        var budget = new RequestBudget(1, TimeSpan.FromMinutes(5), _clock);
        budget.Answered(budget.Spend(), remaining: 0, retryAfter: TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), budget.UntilRoom());
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, budget.UntilRoom());
        budget.Spend();
        Assert.True(budget.UntilRoom() > TimeSpan.Zero, "a second request must wait for the first one's answer");
    }

    [Fact]
    public void EachRefusalInARowDoublesTheWaitBeforeAskingAgain()
    {
        var budget = new RequestBudget(1, TimeSpan.FromMinutes(5), _clock);
        budget.Answered(budget.Spend(), remaining: 0, retryAfter: TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        budget.Answered(budget.Spend(), remaining: 0, retryAfter: TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(2), budget.UntilRoom());
    }

    [Fact]
    public void UntilAnAnswerTellsTheLimitOneRequestGoesAtATime()
    {
        var budget = new RequestBudget(6000, TimeSpan.FromMinutes(5), _clock);
        var first = budget.Spend();

        Assert.True(budget.UntilRoom() > TimeSpan.Zero, "a second request must wait for the first one's answer");
        budget.Answered(first, remaining: 5998, retryAfter: null);
        budget.Spend();
        Assert.Equal(TimeSpan.Zero, budget.UntilRoom());
    }

    [Fact]
    public void ALimitThatCannotBeKeptIsRefusedWithWhatToSet()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBudget(0, TimeSpan.FromMinutes(5)));

        Assert.Contains("RequestsPerWindow", error.Message);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
