using System.Text;
using CrmSync.Connectors.Zendesk;

namespace CrmSync.Connectors.Tests.Zendesk;

public sealed class ZendeskEventTests
{
    [Fact]
    public void AUserEventNamesTheContactAndTheLaterOfItsTimes()
    {
        var notice = Parse("""{"type":"zen:event-type:user.active_changed","account_id":12514403,"id":"2b24ef10","time":"2099-07-04T05:33:18Z","zendesk_event_version":"2022-06-20","subject":"zen:user:6596848315901","detail":{"created_at":"2099-07-04T05:27:58Z","id":"6596848315901","organization_id":"0","updated_at":"2099-07-04T05:30:00Z"},"event":{"current":false,"previous":true}}""");

        Assert.Equal(("2b24ef10", Entities.Contact, "6596848315901", false), (notice.EventId, notice.Entity, notice.RecordId, notice.Deleted));
        Assert.Equal(ChangeVersion.FromTimestamp(DateTimeOffset.Parse("2099-07-04T05:33:18Z")), notice.Version);
    }

    [Fact]
    public void AnOrganizationDeletedEventIsADeleteOfTheAccount()
    {
        var notice = Parse("""{"type":"zen:event-type:organization.deleted","id":"e1","time":"2099-07-07T03:44:13Z","subject":"zen:organization:6607619104125","detail":{"id":"6607619104125","name":"Acme","updated_at":"2099-07-07T03:44:13Z","group_id":null,"external_id":null},"event":{}}""");

        Assert.Equal((Entities.Account, "6607619104125", true), (notice.Entity, notice.RecordId, notice.Deleted));
    }

    [Fact]
    public void AnEventOfAnotherResourceNamesNoRecord()
    {
        var notice = Parse("""{"type":"zen:event-type:ticket.created","id":"e2","time":"2099-07-07T03:44:13Z","detail":{}}""");

        Assert.Null(notice.Entity);
        Assert.Equal("e2", notice.EventId);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "not a Zendesk event")]
    [InlineData("""{"type":"zen:event-type:user.created","time":"2099-07-04T05:33:18Z","detail":{"id":"1"}}""", "\"id\"")]
    [InlineData("""{"id":"e","type":"user.created","detail":{"id":"1"}}""", "Zendesk event type")]
    [InlineData("""{"id":"e","type":"zen:event-type:user.created","time":"2099-07-04T05:33:18Z"}""", "no \"detail\"")]
    [InlineData("""{"id":"e","type":"zen:event-type:user.created","time":"2099-07-04T05:33:18Z","detail":{"id":"0"}}""", "numeric \"id\"")]
    [InlineData("""{"id":"e","type":"zen:event-type:user.created","detail":{"id":"5","updated_at":"yesterday"}}""", "RFC 3339")]
    public void ABodyThatIsNotAZendeskEventIsAFormatErrorThatSaysWhy(string body, string expected)
    {
        var error = Assert.Throws<WebhookFormatException>(() => Parse(body));

        Assert.Contains(expected, error.Message);
    }

    private static ZendeskEvent Parse(string body) => ZendeskEvent.Parse(Encoding.UTF8.GetBytes(body));
}
