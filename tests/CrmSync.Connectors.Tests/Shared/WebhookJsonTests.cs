using System.Text;

namespace CrmSync.Connectors.Tests.Shared;

public sealed class WebhookJsonTests
{
    [Theory]
    [InlineData("""{"name":"\ud800"}""")]
    [InlineData("""{"\udc00":"x"}""")]
    [InlineData("""[{"a":["ok","\udfff"]}]""")]
    public void HalfASurrogatePairAnywhereIsA400NotALaterServerError(string body)
    {
        var refused = Assert.Throws<WebhookFormatException>(() => WebhookJson.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains("half of a UTF-16 surrogate pair", refused.Message);
    }

    [Fact]
    public void BytesThatAreNotUtf8AreA400() =>
        Assert.Contains("not UTF-8", Assert.Throws<WebhookFormatException>(() => WebhookJson.Parse([(byte)'"', 0xC3, 0x28, (byte)'"'])).Message);

    [Fact]
    public void AWholeSurrogatePairIsFine()
    {
        using var document = WebhookJson.Object(Encoding.UTF8.GetBytes("""{"name":"\ud83d\ude00"}"""));

        Assert.Equal("😀", document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void WhereAnObjectBelongsAnArrayIsA400() =>
        Assert.Contains("is a JSON array", Assert.Throws<WebhookFormatException>(() => WebhookJson.Object("[]"u8)).Message);
}
