using System.Text.Json.Nodes;
using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

public sealed class JsonSchemaValidatorTests
{
    [Theory]
    [InlineData("""{"type":"string"}""", "\"text\"", true)]
    [InlineData("""{"type":"string"}""", "5", false)]
    [InlineData("""{"type":["string","null"]}""", "null", true)]
    [InlineData("""{"type":"number"}""", "2.5", true)]
    [InlineData("""{"type":"integer"}""", "2.5", false)]
    [InlineData("""{"type":"integer"}""", "2", true)]
    [InlineData("""{"type":"boolean"}""", "true", true)]
    [InlineData("""{"type":"object"}""", "[]", false)]
    [InlineData("""{"enum":["tcp","udp"]}""", "\"udp\"", true)]
    [InlineData("""{"enum":["tcp","udp"]}""", "\"http\"", false)]
    [InlineData("""{"const":"project.v0"}""", "\"project.v0\"", true)]
    [InlineData("""{"const":"project.v0"}""", "\"project.v1\"", false)]
    [InlineData("""{"pattern":"^v[0-9]+$"}""", "\"v12\"", true)]
    [InlineData("""{"pattern":"^v[0-9]+$"}""", "\"x12\"", false)]
    [InlineData("""{"items":{"type":"string"}}""", """["a","b"]""", true)]
    [InlineData("""{"items":{"type":"string"}}""", """["a",1]""", false)]
    [InlineData("""{"not":{"const":1}}""", "2", true)]
    [InlineData("""{"not":{"const":1}}""", "1", false)]
    public void KeywordsAcceptAndRejectAsDraft7Says(string schema, string instance, bool valid)
    {
        Assert.Equal(valid, Validate(schema, instance).Count == 0);
    }

    [Fact]
    public void RequiredPropertiesMustBePresent()
    {
        var errors = Validate("""{"required":["type","path"]}""", """{"type":"x"}""");

        Assert.Equal(["$: lacks the required property 'path'"], errors);
    }

    [Fact]
    public void PropertiesAreCheckedAndOthersGoToAdditionalProperties()
    {
        const string schema = """{"properties":{"port":{"type":"number"}},"additionalProperties":{"type":"string"}}""";

        Assert.Empty(Validate(schema, """{"port":1,"other":"x"}"""));
        Assert.Equal(["$.port: is \"1\", not number", "$.other: is 2, not string"], Validate(schema, """{"port":"1","other":2}"""));
    }

    [Fact]
    public void AFalseSchemaAllowsNothing()
    {
        Assert.Equal(["$.build: no value is allowed here"], Validate("""{"properties":{"build":false}}""", """{"build":{}}"""));
        Assert.Equal(["$.extra: no value is allowed here"], Validate("""{"additionalProperties":false}""", """{"extra":1}"""));
    }

    [Fact]
    public void OneOfNeedsExactlyOneMatch()
    {
        const string schema = """{"oneOf":[{"type":"number"},{"type":"integer"},{"type":"string"}]}""";

        Assert.Empty(Validate(schema, "\"x\""));
        Assert.Empty(Validate(schema, "1.5"));
        Assert.Single(Validate(schema, "2"), error => error.Contains("matches 2 of the schemas of oneOf"));
        Assert.Single(Validate(schema, "true"), error => error.Contains("matches none of the 3 schemas of oneOf"));
    }

    [Fact]
    public void AnyOfNeedsOneMatchAndAllOfNeedsEvery()
    {
        Assert.Empty(Validate("""{"anyOf":[{"type":"number"},{"type":"integer"}]}""", "2"));
        Assert.NotEmpty(Validate("""{"anyOf":[{"type":"number"},{"type":"integer"}]}""", "\"2\""));
        Assert.Empty(Validate("""{"allOf":[{"type":"number"},{"const":2}]}""", "2"));
        Assert.NotEmpty(Validate("""{"allOf":[{"type":"number"},{"const":2}]}""", "3"));
    }

    [Fact]
    public void RefsResolveToDefinitions()
    {
        const string schema = """{"properties":{"env":{"$ref":"#/definitions/env"}},"definitions":{"env":{"additionalProperties":{"type":"string"}}}}""";

        Assert.Empty(Validate(schema, """{"env":{"A":"1"}}"""));
        Assert.Equal(["$.env.A: is 1, not string"], Validate(schema, """{"env":{"A":1}}"""));
    }

    private static IReadOnlyList<string> Validate(string schema, string instance) =>
        new JsonSchemaValidator(JsonNode.Parse(schema)!).Validate(JsonNode.Parse(instance));
}
