using System.Text;
using CrmSync.Connectors.HubSpot;

namespace CrmSync.Connectors.Tests.HubSpot;

public sealed class HubSpotEventParserTests
{
    [Fact]
    public void APropertyChangeNamesTheRecordThePropertyAndItsValue()
    {
        var events = Parse(HubSpotSource.Event("contact.propertyChange", 123, 1700000000000, ""","propertyName":"email","propertyValue":"a@b.com" """));

        Assert.Equal([new HubSpotEvent(Entities.Contact, "123", HubSpotAction.PropertyChange, 1700000000000, "email", "\"a@b.com\"")], events);
    }

    [Theory]
    [InlineData("company.deletion", Entities.Account, HubSpotAction.Delete)]
    [InlineData("contact.privacyDeletion", Entities.Contact, HubSpotAction.Delete)]
    [InlineData("company.creation", Entities.Account, HubSpotAction.ReadBack)]
    [InlineData("contact.restore", Entities.Contact, HubSpotAction.ReadBack)]
    public void DeletionsDeleteAndEventsWithoutStateAreReadBack(string type, string entity, HubSpotAction action) =>
        Assert.Equal([new HubSpotEvent(entity, "7", action, 1700000000000)], Parse(HubSpotSource.Event(type, 7, 1700000000000)));

    [Fact]
    public void GenericSubscriptionsNameTheObjectByItsTypeId()
    {
        var events = Parse("""{"subscriptionType":"object.deletion","objectTypeId":"0-2","objectId":9,"occurredAt":1700000000001}""");

        Assert.Equal([new HubSpotEvent(Entities.Account, "9", HubSpotAction.Delete, 1700000000001)], events);
    }

    [Fact]
    public void AMergeReadsTheSurvivorBackAndDeletesTheMergedRecords()
    {
        var events = Parse(HubSpotSource.Event("contact.merge", 5, 1700000000000, ""","primaryObjectId":5,"mergedObjectIds":[6,5,7]"""));

        Assert.Equal(
            [new HubSpotEvent(Entities.Contact, "5", HubSpotAction.ReadBack, 1700000000000), new(Entities.Contact, "6", HubSpotAction.Delete, 1700000000000), new(Entities.Contact, "7", HubSpotAction.Delete, 1700000000000)],
            events);
    }

    [Theory]
    [InlineData("CONTACT_TO_COMPANY", """ "fromObjectId":11,"toObjectId":22 """, "11")]
    [InlineData("COMPANY_TO_CONTACT", """ "fromObjectId":22,"toObjectId":11 """, "11")]
    public void AnAssociationChangeReadsTheContactBack(string type, string ends, string contact)
    {
        var events = Parse(HubSpotSource.Event("contact.associationChange", 11, 1700000000000, $",\"associationType\":\"{type}\",{ends}"));

        Assert.Equal([new HubSpotEvent(Entities.Contact, contact, HubSpotAction.ReadBack, 1700000000000)], events);
    }

    [Fact]
    public void EventsOfObjectsCrmSyncDoesNotSyncAreSkipped() =>
        Assert.Empty(Parse(HubSpotSource.Event("deal.creation", 1, 1700000000000), """{"subscriptionType":"ticket.deletion"}"""));

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[1]")]
    [InlineData("""[{"objectId":1,"occurredAt":1}]""")]
    [InlineData("""[{"subscriptionType":"contact.deletion","objectId":"x","occurredAt":1}]""")]
    [InlineData("""[{"subscriptionType":"contact.deletion","objectId":-4,"occurredAt":1}]""")]
    [InlineData("""[{"subscriptionType":"contact.deletion","objectId":4,"occurredAt":"yesterday"}]""")]
    [InlineData("""[{"subscriptionType":"contact.propertyChange","objectId":4,"occurredAt":1}]""")]
    [InlineData("""[{"subscriptionType":"contact.propertyChange","objectId":4,"occurredAt":1,"propertyName":"email","propertyValue":{}}]""")]
    [InlineData("""[{"subscriptionType":"contact.merge","objectId":4,"occurredAt":1,"mergedObjectIds":5}]""")]
    public void AMalformedBodyIsRefused(string body) =>
        Assert.Throws<WebhookFormatException>(() => HubSpotEventParser.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void OneMalformedEventRefusesTheWholeArray() =>
        Assert.Throws<WebhookFormatException>(() => Parse(HubSpotSource.Event("contact.deletion", 1, 1), """{"subscriptionType":"contact.deletion","occurredAt":1}"""));

    /// <summary>Found by the bench's combined fuzz run: a bad byte inside a string once surfaced only when read, as a 503.</summary>
    [Fact]
    public void ABodyThatIsNotUtf8IsRefusedAsMalformed()
    {
        var body = Encoding.UTF8.GetBytes($"[{HubSpotSource.Event("contact.propertyChange", 4, 1, ""","propertyName":"email","propertyValue":"XX" """)}]");
        body[Array.IndexOf(body, (byte)'X')] = 0xC9;

        Assert.Throws<WebhookFormatException>(() => HubSpotEventParser.Parse(body));
    }

    private static IReadOnlyList<HubSpotEvent> Parse(params string[] events) =>
        HubSpotEventParser.Parse(Encoding.UTF8.GetBytes($"[{string.Join(',', events)}]"));
}
