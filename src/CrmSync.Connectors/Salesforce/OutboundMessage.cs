using System.Xml;
using System.Xml.Linq;

namespace CrmSync.Connectors.Salesforce;

/// <summary>One record an Outbound Message names: a hint to read it back, as its state may be old.</summary>
public sealed record OutboundNotification(string Entity, string Id);

/// <summary>
/// Salesforce's Outbound Message SOAP (crm-apis.md §A2): <c>notifications</c> with <c>OrganizationId</c> and up to 100
/// <c>Notification/sObject</c>. Only the org and the record ids are taken: the rest is read back through REST.
/// </summary>
public static class OutboundMessage
{
    public const int MaxNotifications = 100;

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Outbound = "http://soap.sforce.com/2005/09/outbound";
    private static readonly XNamespace SObject = "urn:sobject.enterprise.soap.sforce.com";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The answer Salesforce takes as delivered: HTTP 200 with this SOAP body.</summary>
    public const string Ack =
        """<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>""";

    /// <summary>Whether the body is SOAP rather than JSON, by its first character that is not white space.</summary>
    public static bool LooksLikeXml(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && body[start] == (byte)'<';
    }

    /// <summary>The org that sent the message and the records it names; throws <see cref="WebhookFormatException"/> otherwise.</summary>
    public static (string OrganizationId, IReadOnlyList<OutboundNotification> Notifications) Parse(ReadOnlySpan<byte> body)
    {
        var notifications = Load(body).Element(Soap + "Body")?.Element(Outbound + "notifications")
            ?? throw new WebhookFormatException("The SOAP body has no notifications element of namespace http://soap.sforce.com/2005/09/outbound.");
        var organizationId = SalesforceIds.Normalize(notifications.Element(Outbound + "OrganizationId")?.Value)
            ?? throw new WebhookFormatException("notifications has no OrganizationId that is a Salesforce id.");
        var items = notifications.Elements(Outbound + "Notification").ToList();
        if (items.Count is 0 or > MaxNotifications)
        {
            throw new WebhookFormatException($"The message holds {items.Count} Notification elements; Salesforce sends 1 to {MaxNotifications}.");
        }

        return (organizationId, items.Select((item, index) => Notification(item, index)).ToList());
    }

    private static OutboundNotification Notification(XElement item, int index)
    {
        var sObject = item.Element(Outbound + "sObject")
            ?? throw new WebhookFormatException($"Notification [{index}] has no sObject.");
        var type = sObject.Attribute(Xsi + "type")?.Value;
        var entity = SalesforceObjects.EntityOf(type)
            ?? throw new WebhookFormatException($"Notification [{index}]: sObject type '{type}' is not sf:Account or sf:Contact.");
        var id = SalesforceIds.Normalize(sObject.Element(SObject + "Id")?.Value)
            ?? throw new WebhookFormatException($"Notification [{index}]: sObject has no sf:Id that is a Salesforce id.");
        return new OutboundNotification(entity, id);
    }

    /// <summary>No DTDs and no external entities: an XML bomb or an XXE is refused as malformed.</summary>
    private static XElement Load(ReadOnlySpan<byte> body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 10_000_000 };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.ToArray()), settings);
            var root = XElement.Load(reader);
            return root.Name == Soap + "Envelope" ? root : throw new WebhookFormatException("The body is not a SOAP 1.1 Envelope.");
        }
        catch (XmlException ex)
        {
            throw new WebhookFormatException($"The body is not well-formed XML: {ex.Message}");
        }
    }
}
