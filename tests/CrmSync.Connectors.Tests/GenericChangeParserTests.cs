using System.Text;
using CrmSync.Abstractions;
using CrmSync.Connectors;
using CrmSync.Connectors.Generic;

namespace CrmSync.Connectors.Tests;

public class GenericChangeParserTests
{
    [Fact]
    public void ParsesOneChangeWithFieldsUrlAndIntegerVersion()
    {
        var change = Assert.Single(Parse("""{"entity":"account","id":"A-1","op":"upsert","version":17,"url":"https://crm/a/1","fields":{"name":"Contoso","numberofemployees":12}}"""));
        Assert.Equal(("account", "A-1", ChangeOperation.Upsert, ChangeVersion.FromInteger(17)), (change.Entity, change.SourceId, change.Operation, change.Version));
        Assert.Equal("\"Contoso\"", change.Fields["name"]);
        Assert.Equal("12", change.Fields["numberofemployees"]);
        Assert.Equal("\"https://crm/a/1\"", change.Fields[RecordFields.SourceUrl]);
        Assert.False(change.IsComplete);
    }

    [Fact]
    public void ParsesAnArrayInOrder()
    {
        var changes = Parse("""[{"entity":"account","id":"1","version":1},{"entity":"contact","id":"2","version":2,"parentAccountId":"1"}]""");
        Assert.Equal(["1", "2"], changes.Select(c => c.SourceId));
        Assert.Equal("\"1\"", changes[1].Fields[RecordFields.ParentAccountId]);
    }

    [Fact]
    public void OrdersTimestampVersionsByInstant()
    {
        var earlier = Assert.Single(Parse("""{"entity":"account","id":"1","version":"2026-11-23T10:00:00.123Z"}""")).Version;
        var later = Assert.Single(Parse("""{"entity":"account","id":"1","version":"2026-11-23T11:00:00.124+01:00"}""")).Version;
        Assert.True(later > earlier);
    }

    [Fact]
    public void DeleteCarriesNoFields()
    {
        var change = Assert.Single(Parse("""{"entity":"contact","id":"9","op":"delete","version":3,"fields":{"firstname":"x"}}"""));
        Assert.Equal(ChangeOperation.Delete, change.Operation);
        Assert.Empty(change.Fields);
    }

    [Fact]
    public void OpDefaultsToUpsert() =>
        Assert.Equal(ChangeOperation.Upsert, Assert.Single(Parse("""{"entity":"account","id":"1","version":1}""")).Operation);

    [Theory]
    [InlineData("""{"entity":"account","id":"1"}""", "version")]
    [InlineData("""{"entity":"account","id":"1","version":null}""", "version")]
    [InlineData("""{"entity":"account","id":"1","version":-1}""", "version")]
    [InlineData("""{"entity":"account","id":"1","version":"yesterday"}""", "version")]
    [InlineData("""{"entity":"account","id":"1","version":"2026-11-23T10:00:00"}""", "version")]
    [InlineData("""{"entity":"lead","id":"1","version":1}""", "lead")]
    [InlineData("""{"id":"1","version":1}""", "entity")]
    [InlineData("""{"entity":"account","version":1}""", "id")]
    [InlineData("""{"entity":"account","id":"","version":1}""", "id")]
    [InlineData("""{"entity":"account","id":"1","version":1,"op":"merge"}""", "op")]
    [InlineData("""{"entity":"account","id":"1","version":1,"fields":{"nonsense":1}}""", "nonsense")]
    [InlineData("""{"entity":"account","id":"1","version":1,"fields":{"msdyn_source_crm_id":"x"}}""", "msdyn_source_crm_id")]
    [InlineData("""{"entity":"account","id":"1","version":1,"fields":{"name":{"a":1}}}""", "name")]
    [InlineData("""{"entity":"account","id":"1","version":1,"fields":[1]}""", "fields")]
    [InlineData("""{"entity":"account","id":"1","version":1,"parentAccountId":"2"}""", "parentAccountId")]
    [InlineData("""{"entity":"contact","id":"1","version":1,"parentAccountId":5}""", "parentAccountId")]
    [InlineData("""[{"entity":"account","id":"1","version":1}, 5]""", "[1]")]
    [InlineData("""[]""", "0 changes")]
    [InlineData("""{"entity":"account",""", "not valid JSON")]
    [InlineData("""42""", "change object")]
    public void RejectsBadChangesSayingWhatIsWrong(string body, string named)
    {
        var exception = Assert.Throws<WebhookFormatException>(() => Parse(body));
        Assert.Contains(named, exception.Message);
    }

    [Fact]
    public void RejectsMoreThanAThousandChanges()
    {
        var body = "[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"entity":"account","id":"{{i}}","version":1}""")) + "]";
        Assert.Contains("1001", Assert.Throws<WebhookFormatException>(() => Parse(body)).Message);
    }

    private static IReadOnlyList<RecordChange> Parse(string body) => GenericChangeParser.Parse(Encoding.UTF8.GetBytes(body));
}
