using System.Globalization;
using System.Xml.Linq;
using CrmSync.Testing.Salesforce;

namespace CrmSync.Salesforce.Apex.Tests;

/// <summary>The shared Outbound Message fixture has the shape of crm-apis.md §A2, so tests built on it test the real thing.</summary>
public sealed class OutboundMessageSampleTests
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Outbound = "http://soap.sforce.com/2005/09/outbound";
    private static readonly XNamespace SObject = "urn:sobject.enterprise.soap.sforce.com";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    [Fact]
    public void TheEnvelopeCarriesTheOrganizationAndUpToAHundredNotifications()
    {
        var notifications = Notifications();

        Assert.Equal(SalesforceSamples.OrganizationId, (string?)notifications.Element(Outbound + "OrganizationId"));
        Assert.True(SalesforceIdOracle.IsValid18(SalesforceSamples.OrganizationId, "00D"));
        Assert.True(SalesforceIdOracle.IsValid18((string?)notifications.Element(Outbound + "ActionId"), "04k"));
        Assert.InRange(notifications.Elements(Outbound + "Notification").Count(), 1, 100);
    }

    [Fact]
    public void EachNotificationHasItsIdAndATypedAccount()
    {
        foreach (var notification in Notifications().Elements(Outbound + "Notification"))
        {
            var sObject = notification.Element(Outbound + "sObject")!;
            Assert.True(SalesforceIdOracle.IsValid18((string?)notification.Element(Outbound + "Id"), "04l"));
            Assert.Equal("sf:Account", (string?)sObject.Attribute(Xsi + "type"));
            Assert.True(SalesforceIdOracle.IsValid18((string?)sObject.Element(SObject + "Id"), "001"));
            Assert.False(string.IsNullOrEmpty((string?)sObject.Element(SObject + "Name")));
            DateTimeOffset.Parse((string)sObject.Element(SObject + "SystemModstamp")!, CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public void EntitiesInFieldValuesAreDecoded()
    {
        var names = Notifications().Descendants(SObject + "Name").Select(name => name.Value);

        Assert.Contains("Globex & Co", names);
    }

    private static XElement Notifications()
    {
        var envelope = XDocument.Parse(SalesforceSamples.OutboundMessage).Root!;
        Assert.Equal(Soap + "Envelope", envelope.Name);
        return envelope.Element(Soap + "Body")!.Element(Outbound + "notifications")!;
    }
}
