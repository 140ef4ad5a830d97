using CrmSync.Connectors.Salesforce;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class SalesforceModstampTests
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-23T10:00:00.000+0000", 0)]
    [InlineData("2026-11-23T10:00:00.000Z", 0)]
    [InlineData("2026-11-23T10:00:00Z", 0)]
    [InlineData("2026-11-23T11:00:00.000+0100", 0)]
    [InlineData("2026-11-23T10:00:00.123+0000", 123)]
    public void RestApexAndSoapFormsReadAsTheSameInstant(string text, int milliseconds)
    {
        Assert.True(SalesforceModstamp.TryParse(text, out var version));
        Assert.Equal(ChangeVersion.FromTimestamp(Ten.AddMilliseconds(milliseconds)), version);
    }

    [Theory]
    [InlineData("2026-11-23 10:00:00")]
    [InlineData("2026-11-23T10:00:00.000")]
    [InlineData("yesterday")]
    [InlineData(null)]
    public void ATimeWithoutAZoneOrNotATimeIsRefused(string? text) => Assert.False(SalesforceModstamp.TryParse(text, out _));

    [Fact]
    public void FormatWritesWhatTheApiWrites() => Assert.Equal("2026-11-23T10:00:00.000+0000", SalesforceModstamp.Format(Ten));
}
