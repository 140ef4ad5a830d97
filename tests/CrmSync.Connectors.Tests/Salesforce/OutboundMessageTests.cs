using System.Text;
using System.Xml.Linq;
using CrmSync.Connectors.Salesforce;
using CrmSync.Testing.Salesforce;

namespace CrmSync.Connectors.Tests.Salesforce;

public sealed class OutboundMessageTests
{
    [Fact]
    public void TheSampleNamesItsOrgAndItsAccounts()
    {
        var (organizationId, notifications) = OutboundMessage.Parse(Encoding.UTF8.GetBytes(SalesforceSamples.OutboundMessage));

        Assert.Equal(SalesforceSamples.OrganizationId, organizationId);
        Assert.Equal([new(Entities.Account, "001xx000003DGb2AAG"), new(Entities.Account, "001Dn00000AbCdEIAV")], notifications);
    }

    [Fact]
    public void TheAckIsTheSoapBodySalesforceExpects()
    {
        XNamespace outbound = "http://soap.sforce.com/2005/09/outbound";
        var ack = XDocument.Parse(OutboundMessage.Ack).Descendants(outbound + "notificationsResponse").Single();

        Assert.Equal("true", ack.Element(outbound + "Ack")?.Value);
    }

    [Theory]
    [InlineData("<a>", "well-formed")]
    [InlineData("<Envelope/>", "SOAP 1.1 Envelope")]
    [InlineData("""<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>""", "no notifications")]
    [InlineData("""<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>""", "well-formed")]
    public void ABodyThatIsNotAnOutboundMessageIsRefused(string body, string reason)
    {
        var error = Assert.Throws<WebhookFormatException>(() => OutboundMessage.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("<sf:Id>001xx000003DGb2AAG</sf:Id>", "<sf:Id>nope</sf:Id>", "sf:Id")]
    [InlineData("xsi:type=\"sf:Account\"", "xsi:type=\"sf:Lead\"", "sf:Lead")]
    [InlineData("<OrganizationId>00D5g000004XyZaEAK</OrganizationId>", "<OrganizationId/>", "OrganizationId")]
    public void ANotificationWithoutATypedIdIsRefused(string from, string to, string reason)
    {
        var body = SalesforceSamples.OutboundMessage.Replace(from, to);

        var error = Assert.Throws<WebhookFormatException>(() => OutboundMessage.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("  \n<?xml version=\"1.0\"?><x/>", true)]
    [InlineData("{\"operation\":\"update\"}", false)]
    [InlineData("", false)]
    public void SoapIsToldFromJsonByItsFirstCharacter(string body, bool isXml) =>
        Assert.Equal(isXml, OutboundMessage.LooksLikeXml(Encoding.UTF8.GetBytes(body)));
}
