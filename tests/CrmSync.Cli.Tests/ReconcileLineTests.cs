namespace CrmSync.Cli.Tests;

public sealed class ReconcileLineTests
{
    [Fact]
    public void APhaseWithATotalShowsItsNameAFullWidthBarAndFitsTheLine()
    {
        var line = ReconcileLine.Render(new ReconcileView("pd:account", "pd", "account", "ReadingDataverse", false, Done: 500, Total: 1_000, Rate: 2_000), width: 79);

        Assert.StartsWith("pd:account reading Dataverse  [", line);
        Assert.EndsWith("500/1,000   50%  2,000/s", line);
        Assert.Equal(79, line.Length);
    }

    [Fact]
    public void APhaseWithoutATotalShowsItsCountAndRate()
    {
        var line = ReconcileLine.Render(new ReconcileView("pd:account", "pd", "account", "ReadingSource", true, Done: 12_345, Rate: 4_000), width: 79);

        Assert.Equal("pd:account reading the source  12,345  4,000/s", line);
    }

    [Fact]
    public void AnEndedRunShowsNoRate()
    {
        var line = ReconcileLine.Render(new ReconcileView("pd:account", "pd", "account", "Completed", false, Done: 10, Total: 10, Rate: 3), width: 79);

        Assert.EndsWith("10/10  100%", line);
    }
}
