using System.Text;
using CrmSync.Connectors.Pipedrive;

namespace CrmSync.Connectors.Tests.Pipedrive;

public sealed class PipedriveEventTests
{
    private static readonly FieldMapping Persons = new(Entities.Contact, [("lastname", JsonPath.Parse("last_name"))], JsonPath.Parse("org_id"));
    private static readonly FieldMapping Organizations = new(Entities.Account, [("name", JsonPath.Parse("name"))], null);

    [Fact]
    public void AChangeCarriesTheWholePersonWithUpdateTimeAsTheVersion()
    {
        var (eventId, change) = Parse("""{"meta":{"action":"change","entity":"person","entity_id":"42","id":"ev-1","timestamp":"2026-02-01T10:00:05.000Z","version":"2.0"},"data":{"id":42,"last_name":"Roe","org_id":7,"update_time":"2026-02-01T10:00:00Z"},"previous":{"last_name":"Doe"}}""");

        Assert.Equal("ev-1", eventId);
        Assert.Equal((Entities.Contact, "42", ChangeOperation.Upsert), (change!.Entity, change.SourceId, change.Operation));
        Assert.Equal(("\"Roe\"", "\"7\""), (change.Fields["lastname"], change.Fields[RecordFields.ParentAccountId]));
        Assert.Equal("\"https://acme.pipedrive.com/person/42\"", change.Fields[RecordFields.SourceUrl]);
        Assert.Equal(At("2026-02-01T10:00:00Z"), change.Version);
    }

    [Theory]
    [InlineData("\"2026-02-01 10:00:00\"")]
    [InlineData("\"2026-02-01T10:00:00Z\"")]
    [InlineData("\"2026-02-01T11:00:00+01:00\"")]
    public void UpdateTimeIsReadInEveryFormPipedriveWrites(string updateTime)
    {
        var (_, change) = Parse($$$"""{"meta":{"action":"create","entity":"organization","entity_id":"7","id":"e","timestamp":"1700000000"},"data":{"id":7,"name":"Acme","update_time":{{{updateTime}}}},"previous":null}""");

        Assert.Equal(At("2026-02-01T10:00:00Z"), change!.Version);
    }

    [Theory]
    [InlineData("\"1769940000\"")]
    [InlineData("1769940000")]
    [InlineData("\"2026-02-01T10:00:00.000Z\"")]
    public void ADeleteIsVersionedByMetaTimestampInBothDocumentedForms(string timestamp)
    {
        var (_, change) = Parse($$$"""{"meta":{"action":"delete","entity":"person","entity_id":"42","id":"e","timestamp":{{{timestamp}}},"merged_to_id":"43"},"data":null,"previous":{"id":42,"last_name":"Roe"}}""");

        Assert.Equal((ChangeOperation.Delete, "42"), (change!.Operation, change.SourceId));
        Assert.Equal(At("2026-02-01T10:00:00Z"), change.Version);
    }

    [Fact]
    public void WithoutUpdateTimeMetaTimestampIsTheVersion()
    {
        var (_, change) = Parse("""{"meta":{"action":"change","entity":"organization","entity_id":"7","id":"e","timestamp":"1769940000"},"data":{"id":7,"name":"Acme"}}""");

        Assert.Equal(At("2026-02-01T10:00:00Z"), change!.Version);
    }

    [Fact]
    public void ADealIsAcknowledgedWithoutAChange() =>
        Assert.Null(Parse("""{"meta":{"action":"change","entity":"deal","entity_id":"1","id":"e","timestamp":"1769940000"},"data":{"id":1}}""").Change);

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"data":{}}""", "webhooks v2")]
    [InlineData("""{"meta":{"action":"change"}}""", "meta.entity")]
    [InlineData("""{"meta":{"action":"merge","entity":"person"}}""", "meta.action")]
    [InlineData("""{"meta":{"action":"change","entity":"person"},"data":null}""", "data must be")]
    [InlineData("""{"meta":{"action":"delete","entity":"person","entity_id":"x","timestamp":"1769940000"}}""", "entity_id")]
    [InlineData("""{"meta":{"action":"delete","entity":"person","entity_id":"4","timestamp":"soon"}}""", "meta.timestamp")]
    [InlineData("""{"meta":{"action":"change","entity":"person"},"data":{"id":4,"last_name":"Roe"}}""", "update_time")]
    [InlineData("""{"meta":{"action":"change","entity":"person","timestamp":"1769940000"},"data":{"id":4,"last_name":{"a":1}}}""", "lastname")]
    public void ABodyThatIsNotANotificationIsAFormatErrorThatSaysWhy(string body, string expected) =>
        Assert.Contains(expected, Assert.Throws<WebhookFormatException>(() => Parse(body)).Message);

    private static (string? EventId, RecordChange? Change) Parse(string body) =>
        PipedriveEvent.Parse(Encoding.UTF8.GetBytes(body), entity => new PipedriveRecords("https://acme.pipedrive.com", entity == Entities.Account ? Organizations : Persons));

    private static ChangeVersion At(string time) => ChangeVersion.FromTimestamp(DateTimeOffset.Parse(time));
}
