using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>One change as the org made it: the record at the version the change gave it.</summary>
public sealed record SalesforceChange(string Operation, SimRecord Record);

/// <summary>One HTTP request a Salesforce org would send for some changes: its content type, headers and body.</summary>
public sealed record SalesforceMessage(string Family, string ContentType, IReadOnlyDictionary<string, string> Headers, string Body, int Records);

/// <summary>
/// Builds what an org sends for its changes, in both families: CrmSync's Apex (JSON, up to 200 records of one object
/// and operation per body, signed as Standard Webhooks) and Outbound Messages (SOAP, up to 100 notifications, no deletes).
/// </summary>
public sealed class SalesforceNotifications(string organizationId, string apiVersion = "v62.0")
{
    public const string Apex = "apex";
    public const string Outbound = "outbound";

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace OutboundNs = "http://soap.sforce.com/2005/09/outbound";
    private static readonly XNamespace SObjectNs = "urn:sobject.enterprise.soap.sforce.com";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private static long notificationsIssued;

    /// <summary>A trigger fires per object and operation, so consecutive changes alike share a body, 200 at most.</summary>
    public IEnumerable<SalesforceMessage> ApexMessages(IReadOnlyList<SalesforceChange> changes, string secret, DateTimeOffset now) =>
        Batches(changes, change => (change.Record.Entity, change.Operation), 200)
            .Select(batch => Sign(ApexBody(batch), secret, now, batch.Count));

    /// <summary>Outbound Messages carry the state at send time and exist for creates and edits only; a delete sends nothing.</summary>
    public IEnumerable<SalesforceMessage> OutboundMessages(IReadOnlyList<SalesforceChange> changes, Func<SimRecord, SimRecord?> current) =>
        Batches(changes.Where(change => change.Operation != "delete").ToList(), change => change.Record.Entity, 100)
            .Select(batch => batch.Select(change => current(change.Record)).OfType<SimRecord>().ToList())
            .Where(records => records.Count > 0)
            .Select(records => new SalesforceMessage(Outbound, "text/xml; charset=utf-8", new Dictionary<string, string> { ["SOAPAction"] = "\"\"" },
                Envelope(records), records.Count));

    public string ApexBody(IReadOnlyList<SalesforceChange> batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("operation", batch[0].Operation);
            writer.WriteStartArray("records");
            foreach (var (operation, record) in batch)
            {
                if (operation == "delete")
                {
                    WriteDeletion(writer, record);
                }
                else
                {
                    SalesforceJson.WriteRecord(writer, record, SalesforceFields.Of(record.Entity), apiVersion);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public string Envelope(IReadOnlyList<SimRecord> records)
    {
        var id15 = organizationId[..15];
        var notifications = new XElement(OutboundNs + "notifications",
            new XElement(OutboundNs + "OrganizationId", organizationId),
            new XElement(OutboundNs + "ActionId", SalesforceIds.IdOf("04k", 1)),
            new XElement(OutboundNs + "SessionId", new XAttribute(Xsi + "nil", "true")),
            new XElement(OutboundNs + "EnterpriseUrl", $"https://simulator.my.salesforce.com/services/Soap/c/62.0/{id15}"),
            new XElement(OutboundNs + "PartnerUrl", $"https://simulator.my.salesforce.com/services/Soap/u/62.0/{id15}"),
            records.Select(Notification));
        var envelope = new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soapenv", Soap), new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XElement(Soap + "Body", notifications));
        return new XDeclaration("1.0", "UTF-8", null) + envelope.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Notification(SimRecord record) =>
        new(OutboundNs + "Notification",
            new XElement(OutboundNs + "Id", SalesforceIds.IdOf("04l", Interlocked.Increment(ref notificationsIssued))),
            new XElement(OutboundNs + "sObject",
                new XAttribute(XNamespace.Xmlns + "sf", SObjectNs), new XAttribute(Xsi + "type", "sf:" + record.Entity.TypeName()),
                new XElement(SObjectNs + "Id", SalesforceIds.IdOf(record.Entity, record.Index)),
                new XElement(SObjectNs + (record.Entity == SimEntity.Account ? "Name" : "LastName"),
                    SalesforceFields.Value(record, record.Entity == SimEntity.Account ? "Name" : "LastName")),
                // The SOAP API writes datetimes in xsd:dateTime, with Z.
                new XElement(SObjectNs + "SystemModstamp", record.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))));

    private void WriteDeletion(Utf8JsonWriter writer, SimRecord record)
    {
        writer.WriteStartObject();
        SalesforceJson.WriteAttributes(writer, record.Entity, SalesforceIds.IdOf(record.Entity, record.Index), apiVersion);
        writer.WriteString(SalesforceFields.Id, SalesforceIds.IdOf(record.Entity, record.Index));
        writer.WriteString(SalesforceFields.SystemModstamp, SalesforceFields.Modstamp(record.UpdatedAt));
        writer.WriteEndObject();
    }

    /// <summary>Standard Webhooks: webhook-id, webhook-timestamp, and v1 HMAC-SHA256 of "{id}.{timestamp}.{body}".</summary>
    private static SalesforceMessage Sign(string body, string secret, DateTimeOffset now, int records)
    {
        var id = $"msg_{Guid.NewGuid():N}";
        var timestamp = now.ToUnixTimeSeconds();
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = "v1," + Convert.ToBase64String(mac),
        };
        return new SalesforceMessage(Apex, "application/json", headers, body, records);
    }

    private static IEnumerable<List<T>> Batches<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> key, int size)
    {
        var batch = new List<T>();
        foreach (var item in items)
        {
            if (batch.Count == size || (batch.Count > 0 && !EqualityComparer<TKey>.Default.Equals(key(batch[0]), key(item))))
            {
                yield return batch;
                batch = [];
            }

            batch.Add(item);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
