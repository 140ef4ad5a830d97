using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmSync.Abstractions;
using CrmSync.Connectors.HubSpot;
using CrmSync.Connectors.Zendesk;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.ServiceNow;
using CrmSync.CrmSimulator.ServiceNow.Push;
using CrmSync.CrmSimulator.Zendesk;
using SalesforceIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.Bench.Scenarios.Fuzz;

/// <summary>One record a notification is about; <see cref="Name"/> goes in the body where the kind carries columns.</summary>
public sealed record FuzzRecord(string Entity, string Id, string Name, long Version)
{
    public SimEntity SimEntity => Entity == Entities.Account ? SimEntity.Account : SimEntity.Contact;
}

/// <summary>
/// A configured source of one kind as its CRM notifies the gateway: where and how it sends, the body it writes about a
/// record, and the credentials that prove the sender. Ids from 1 up are records the CRM simulator has, so that a kind
/// that only hints at a change reads a real record back; refused requests name ids from <see cref="FuzzMix.RefusedIndex"/> up.
/// </summary>
public abstract class FuzzSource(string kind, string source)
{
    public string Kind => kind;

    public string Source => source;

    /// <summary>The credential the gateway checks this source's webhooks with.</summary>
    public required string Secret { get; init; }

    /// <summary>Whether the credentials cover the body, so that a body changed after signing must be refused.</summary>
    public virtual bool SignsBody => true;

    /// <summary>Whether the credentials carry the time they were made, so that old ones must be refused.</summary>
    public virtual bool Timestamped => true;

    public virtual string Path(string entity) => $"webhooks/{source}";

    public virtual HttpMethod Method(string entity) => HttpMethod.Post;

    public abstract string Id(string entity, int index);

    public abstract string Body(FuzzRecord record, DateTimeOffset now);

    /// <summary>The request signed at <paramref name="at"/> with <paramref name="secret"/> (a wrong one on purpose, or none when null).</summary>
    public abstract PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret);

    protected static PreparedRequest StandardWebhook(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) =>
        new(method, path, body, secret is null ? [] : WebhookSender.SignatureHeaders($"msg_{Guid.NewGuid():N}", at, body, secret));

    protected static KeyValuePair<string, string>[] Basic(string username, string? password) => password is null
        ? []
        : [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")))];

    protected static string Json(string text) => JsonSerializer.Serialize(text);
}

/// <summary>Generic and Rest sources: CrmSync's own change format, Standard Webhooks signatures.</summary>
public sealed class GenericFuzzSource(string kind, string source) : FuzzSource(kind, source)
{
    public override string Id(string entity, int index) => $"fz-{entity}-{index}";

    public override string Body(FuzzRecord record, DateTimeOffset now) => GenericChange.Body(
        [new GenericChange(record.Entity, record.Id, record.Version) { Fields = new Dictionary<string, string> { [record.Entity == Entities.Account ? "name" : "lastname"] = record.Name } }]);

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) => StandardWebhook(method, path, body, at, secret);
}

/// <summary>ServiceNow with CrmSync's business rule: the whole record, Standard Webhooks signatures.</summary>
public sealed class ServiceNowRuleFuzzSource(string source) : FuzzSource("ServiceNow (CrmSync rule)", source)
{
    public override string Id(string entity, int index) => SysIds.Of(entity == Entities.Account ? SimEntity.Account : SimEntity.Contact, index);

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var time = ServiceNowRecord.Time(now);
        Dictionary<string, string> values = record.Entity == Entities.Account
            ? new() { ["sys_id"] = record.Id, ["name"] = record.Name, ["sys_created_on"] = "2026-01-01 00:00:00", ["sys_updated_on"] = time, ["sys_mod_count"] = $"{record.Version}" }
            : new() { ["sys_id"] = record.Id, ["first_name"] = "Fuzz", ["last_name"] = record.Name, ["sys_created_on"] = "2026-01-01 00:00:00", ["sys_updated_on"] = time, ["sys_mod_count"] = $"{record.Version}" };
        var table = record.Entity == Entities.Account ? "customer_account" : "customer_contact";
        return CrmSyncNotification.Build("update", table, values, Secret, now).Body;
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) => StandardWebhook(method, path, body, at, secret);
}

/// <summary>ServiceNow with Microsoft's scripts: a flat body the gateway reads the record back for, Basic credentials.</summary>
public sealed class ServiceNowScriptFuzzSource(string source, string username) : FuzzSource("ServiceNow (Microsoft scripts)", source)
{
    public override bool SignsBody => false;

    public override bool Timestamped => false;

    public override string Path(string entity) => $"webhooks/{Source}/{entity}";

    public override HttpMethod Method(string entity) => new(MicrosoftScripts.For(entity, "update").Method);

    public override string Id(string entity, int index) => SysIds.Of(entity == Entities.Account ? SimEntity.Account : SimEntity.Contact, index);

    public override string Body(FuzzRecord record, DateTimeOffset now) => MicrosoftScripts.For(record.Entity, "update").Body(new Dictionary<string, string?>
    {
        ["sys_id"] = record.Id,
        ["name"] = record.Name,
        ["last_name"] = record.Name,
        ["sys_updated_on"] = ServiceNowRecord.Time(now),
    });

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) => new(method, path, body, Basic(username, secret));
}

/// <summary>Salesforce's Apex trigger: records with their SystemModstamp, Standard Webhooks signatures.</summary>
public sealed class SalesforceFuzzSource(string source) : FuzzSource("Salesforce (Apex)", source)
{
    public override string Id(string entity, int index) => SalesforceIds.IdOf(entity == Entities.Account ? SimEntity.Account : SimEntity.Contact, index);

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var type = SalesforceIds.TypeName(record.SimEntity);
        var column = record.Entity == Entities.Account ? "Name" : "LastName";
        var modstamp = SimRecord.Epoch.AddSeconds(record.Version).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
        return $$$"""{"operation":"update","records":[{"attributes":{"type":"{{{type}}}","url":"/services/data/v62.0/sobjects/{{{type}}}/{{{record.Id}}}"},"Id":"{{{record.Id}}}","SystemModstamp":"{{{modstamp}}}","{{{column}}}":{{{Json(record.Name)}}}}]}""";
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) => StandardWebhook(method, path, body, at, secret);
}

/// <summary>Zendesk: an event that names the record, which the gateway reads back; Zendesk's HMAC signature.</summary>
public sealed class ZendeskFuzzSource(string source) : FuzzSource("Zendesk", source)
{
    public override string Id(string entity, int index) => $"{ZendeskIds.Of(entity == Entities.Account ? SimEntity.Account : SimEntity.Contact, index)}";

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var kind = record.Entity == Entities.Account ? "organization" : "user";
        var time = ZendeskIds.Time(now);
        return $$$"""{"type":"zen:event-type:{{{kind}}}.name_changed","account_id":1,"id":"{{{Guid.NewGuid():N}}}","time":"{{{time}}}","zendesk_event_version":"2022-06-20","subject":"zen:{{{kind}}}:{{{record.Id}}}","detail":{"id":"{{{record.Id}}}","name":{{{Json(record.Name)}}},"updated_at":"{{{time}}}"},"event":{"current":{{{Json(record.Name)}}},"previous":"x"}}""";
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret)
    {
        var timestamp = ZendeskIds.Time(at);
        return new(method, path, body, secret is null
            ? [new(ZendeskSignature.TimestampHeader, timestamp)]
            : [new(ZendeskSignature.TimestampHeader, timestamp), new(ZendeskSignature.SignatureHeader, ZendeskSignature.Sign(secret, timestamp, body))]);
    }
}

/// <summary>HubSpot: property-change events the gateway reads the record back for; HubSpot's v3 signature over the URL it calls.</summary>
public sealed class HubSpotFuzzSource(string source, Uri gateway) : FuzzSource("HubSpot", source)
{
    public override string Id(string entity, int index) => $"{index}";

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var type = record.Entity == Entities.Account ? "company" : "contact";
        var property = record.Entity == Entities.Account ? "name" : "lastname";
        return $$"""[{"eventId":{{record.Version}},"subscriptionId":2,"portalId":62515,"appId":3,"occurredAt":{{now.ToUnixTimeMilliseconds()}},"subscriptionType":"{{type}}.propertyChange","attemptNumber":0,"objectId":{{record.Id}},"propertyName":"{{property}}","propertyValue":{{Json(record.Name)}},"changeSource":"CRM_UI"}]""";
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret)
    {
        var timestamp = at.ToUnixTimeMilliseconds();
        return new(method, path, body, secret is null
            ? [new(HubSpotSignature.TimestampHeader, $"{timestamp}")]
            : [new(HubSpotSignature.TimestampHeader, $"{timestamp}"), new(HubSpotSignature.SignatureHeader, HubSpotSignature.Sign(secret, method.Method, new Uri(gateway, path), body, timestamp))]);
    }
}

/// <summary>Pipedrive: v2 notifications with the record's data; Basic credentials, since Pipedrive signs nothing.</summary>
public sealed class PipedriveFuzzSource(string source, string username) : FuzzSource("Pipedrive", source)
{
    public override bool SignsBody => false;

    public override bool Timestamped => false;

    public override string Id(string entity, int index) => $"{index}";

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var (entity, data) = record.Entity == Entities.Account ? ("organization", $"\"name\":{Json(record.Name)}") : ("person", $"\"first_name\":\"Fuzz\",\"last_name\":{Json(record.Name)}");
        var updated = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $$"""{"meta":{"action":"change","entity":"{{entity}}","entity_id":"{{record.Id}}","id":"{{Guid.NewGuid()}}","timestamp":"{{now.UtcDateTime:O}}","version":"2.0"},"data":{"id":{{record.Id}},{{data}},"update_time":"{{updated}}"},"previous":null}""";
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) => new(method, path, body, Basic(username, secret));
}

/// <summary>Dynamics 365: a RemoteExecutionContext with a versioned post-image; the service endpoint's key in the URL.</summary>
public sealed class Dynamics365FuzzSource(string source) : FuzzSource("Dynamics 365", source)
{
    public override bool SignsBody => false;

    public override bool Timestamped => false;

    public override string Id(string entity, int index) => $"{new Guid(index, entity == Entities.Account ? (short)1 : (short)2, 0, new byte[8])}";

    public override string Body(FuzzRecord record, DateTimeOffset now)
    {
        var column = record.Entity == Entities.Account ? "name" : "lastname";
        var image = $$$"""{"key":"{{{column}}}","value":{{{Json(record.Name)}}}},{"key":"versionnumber","value":{{{record.Version}}}},{"key":"modifiedon","value":"/Date({{{now.ToUnixTimeMilliseconds()}}})/"}""";
        var post = $$$"""{"key":"PostImage","value":{"Attributes":[{{{image}}}],"Id":"{{{record.Id}}}","LogicalName":"{{{record.Entity}}}"}}""";
        return $$$"""{"MessageName":"Update","PrimaryEntityName":"{{{record.Entity}}}","PrimaryEntityId":"{{{record.Id}}}","Stage":40,"InputParameters":[{"key":"Target","value":{"__type":"Entity:http://schemas.microsoft.com/xrm/2011/Contracts","Attributes":[],"Id":"{{{record.Id}}}","LogicalName":"{{{record.Entity}}}"}}],"PostEntityImages":[{{{post}}}],"PreEntityImages":[]}""";
    }

    public override PreparedRequest Send(HttpMethod method, string path, byte[] body, DateTimeOffset at, string? secret) =>
        new(method, secret is null ? path : $"{path}?code={Uri.EscapeDataString(secret)}", body, []);
}
