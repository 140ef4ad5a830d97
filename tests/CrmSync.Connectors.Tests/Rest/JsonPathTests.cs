using System.Text.Json;
using CrmSync.Connectors.Rest;

namespace CrmSync.Connectors.Tests.Rest;

public class JsonPathTests
{
    private const string Document = """{"a":{"b":"deep"},"items":[{"b":1},{"b":2}],"@odata.nextLink":"next","n":null}""";

    [Theory]
    [InlineData("$.a.b", "\"deep\"")]
    [InlineData("a.b", "\"deep\"")]
    [InlineData("items[1].b", "2")]
    [InlineData("$.items[0].b", "1")]
    [InlineData("$['@odata.nextLink']", "\"next\"")]
    [InlineData("$[\"@odata.nextLink\"]", "\"next\"")]
    [InlineData("n", "null")]
    public void FindsTheValueAtThePath(string path, string expected)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.True(JsonPath.Parse(path).TryFind(document.RootElement, out var value));
        Assert.Equal(expected, value.GetRawText());
    }

    [Fact]
    public void DollarAloneIsTheDocument()
    {
        using var document = JsonDocument.Parse("[1,2]");
        Assert.True(JsonPath.Parse("$").TryFind(document.RootElement, out var value));
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("a.b.c")]
    [InlineData("items[2].b")]
    [InlineData("a[0]")]
    [InlineData("items.b")]
    public void AbsentValuesAreNotFound(string path)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.False(JsonPath.Parse(path).TryFind(document.RootElement, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" a")]
    [InlineData("$..a")]
    [InlineData("$.a.")]
    [InlineData("$a")]
    [InlineData("$.*")]
    [InlineData("a[x]")]
    [InlineData("a[-1]")]
    [InlineData("a[")]
    [InlineData("a[]")]
    [InlineData("$['a]")]
    [InlineData("$[?(@.b)]")]
    [InlineData("a b")]
    public void RefusesWhatTheSubsetDoesNotRead(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _));
        Assert.Contains("$.a.b", Assert.Throws<FormatException>(() => JsonPath.Parse(path)).Message);
    }
}
