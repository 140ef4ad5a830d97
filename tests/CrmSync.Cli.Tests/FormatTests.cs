namespace CrmSync.Cli.Tests;

/// <summary>How crmsync prints a record's versions: timestamps as times, integers as they are.</summary>
public sealed class FormatTests
{
    [Theory]
    [InlineData("639310248001230000", "2026-11-23 10:00:00.1230000Z")]
    [InlineData("639310248001230000.7", "2026-11-23 10:00:00.1230000Z #7")]
    [InlineData("3", "3")]
    [InlineData("1733356800000", "1733356800000")]
    [InlineData("4711.2", "4711.2")]
    [InlineData(null, "-")]
    public void AVersionPrintsAsATimeOnlyWhenItIsATimestampsTicks(string? version, string printed) =>
        Assert.Equal(printed, Format.Version(version));
}
