using System.Security.Cryptography;
using System.Text;

namespace CrmSync.CrmSimulator.ServiceNow.Push;

/// <summary>
/// What crm/servicenow/crmsync-business-rule.js sends (CONTRACT.md): <c>{operation, table, record, sys_deleted_on}</c>,
/// non-ASCII escaped, signed as Standard Webhooks with the message id naming the record version.
/// </summary>
public static class CrmSyncNotification
{
    public const string SecretPrefix = "whsec_";

    /// <summary>Null when the secret has the form CrmSync gives out; otherwise what is wrong.</summary>
    public static string? SecretProblem(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return "The CrmSync family needs the source's secret, whsec_<base64>.";
        }

        Span<byte> key = stackalloc byte[secret.Length];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out _) ? null : "The part of the secret after whsec_ must be base64.";
    }

    public static (string Body, Dictionary<string, string> Headers) Build(
        string operation, string table, IReadOnlyDictionary<string, string> record, string secret, DateTimeOffset now)
    {
        var body = new Dictionary<string, object> { ["operation"] = operation, ["table"] = table, ["record"] = record };
        if (operation == "delete")
        {
            body["sys_deleted_on"] = ServiceNowRecord.Time(now);
        }

        // The default encoder escapes every non-ASCII character, as the script does, so the signed bytes are ASCII.
        var json = JsonSerializer.Serialize(body);
        var id = $"sn_{record["sys_id"]}_{record["sys_mod_count"]}_{operation}";
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Convert.FromBase64String(secret[SecretPrefix.Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}"));
        return (json, new Dictionary<string, string>
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp,
            ["webhook-signature"] = "v1," + Convert.ToBase64String(signature),
        });
    }
}
