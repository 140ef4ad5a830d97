using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// The event-subscribed webhook Zendesk sends for an edit: the envelope (type, unique id, time, subject, detail) signed
/// as Zendesk signs it, base64 HMAC-SHA256 of the timestamp header followed by the body, keyed with the secret's text.
/// </summary>
public static class ZendeskEvents
{
    /// <summary>The fixed secret Zendesk signs "Test webhook" sends with; the default when a test names none.</summary>
    public const string TestSecret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

    public static (Dictionary<string, string> Headers, string Body) For(EditResult edit, string? secret, IReadOnlyCollection<string> changedFields, DateTimeOffset now)
    {
        var record = edit.After;
        var kind = record.Entity == SimEntity.Account ? "organization" : "user";
        var updatedAt = edit.DeletedVersion is { } version ? SimRecord.Epoch.AddSeconds(version - 1) : record.UpdatedAt;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", $"zen:event-type:{kind}.{EventName(edit, changedFields)}");
            writer.WriteNumber("account_id", 12514403);
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("time", ZendeskIds.Time(updatedAt));
            writer.WriteString("zendesk_event_version", "2022-06-20");
            writer.WriteString("subject", $"zen:{kind}:{ZendeskIds.Of(record)}");
            ZendeskJson.WriteDetail(writer, record, updatedAt);
            writer.WriteStartObject("event");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var timestamp = ZendeskIds.Time(now);
        var key = Encoding.UTF8.GetBytes(secret ?? TestSecret);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(timestamp + body)));
        return (new Dictionary<string, string>
        {
            ["X-Zendesk-Webhook-Signature"] = signature,
            ["X-Zendesk-Webhook-Signature-Timestamp"] = timestamp,
            ["X-Zendesk-Webhook-Id"] = "01F1KRFQ6BG29CNWFR60NK5FNY",
            ["X-Zendesk-Webhook-Invocation-Id"] = Random.Shared.NextInt64().ToString(CultureInfo.InvariantCulture),
            ["X-Zendesk-Account-Id"] = "12514403",
        }, body);
    }

    private static string EventName(EditResult edit, IReadOnlyCollection<string> changed) => edit.Action switch
    {
        "delete" => "deleted",
        _ when changed.Contains(SimEntities.AccountIdField) => edit.After[SimEntities.AccountIdField] is null ? "organization_membership_deleted" : "organization_membership_created",
        _ when changed.Contains("name") || changed.Contains("firstName") || changed.Contains("lastName") => "name_changed",
        _ => edit.After.Entity == SimEntity.Account ? "custom_field_changed" : "details_changed",
    };
}
