using System.Text.Json;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// A body of Microsoft's six business-rule scripts (seed-solution.md §1.6), sent unchanged: flat, keyed in mixed case,
/// with no version and, on update, not every field. So only its sys_id is trusted: the record is read back and its
/// state and sys_updated_on are what count; a record the API no longer has was deleted by the time it was received.
/// </summary>
public static class MicrosoftScriptBody
{
    private static readonly string[] AccountKeys = ["Number", "Name", "City", "zip", "u_base_url"];
    private static readonly string[] ContactKeys = ["first_name", "last_name", "email", "mobile_phone", "account"];

    public delegate Task<RecordChange?> ReadBack(string entity, string sysId, CancellationToken cancellationToken);

    public static async Task<IReadOnlyList<RecordChange>> ParseAsync(WebhookRequest request, ReadBack readBack, CancellationToken cancellationToken)
    {
        string entity;
        string sysId;
        using (var document = WebhookJson.Object(request.Body))
        {
            var root = document.RootElement;
            entity = request.Entity ?? EntityOf(root)
                ?? throw new WebhookFormatException($"The body does not say whether it is an account or a contact; point the REST message at /webhooks/{request.Source}/account or /webhooks/{request.Source}/contact.");
            var id = ServiceNowRecords.Text(root, "id");
            sysId = ServiceNowRecords.Text(root, "sys_id") ?? id
                ?? throw new WebhookFormatException("The body has no sys_id; send the body of Microsoft's script unchanged.");
            if (!ServiceNowVersion.IsSysId(sysId) || id is not null && !string.Equals(id, sysId, StringComparison.OrdinalIgnoreCase))
            {
                throw new WebhookFormatException($"sys_id '{Excerpt(sysId)}' is not 32 hex digits equal to id; send the body of Microsoft's script unchanged.");
            }
        }

        var current = await readBack(entity, sysId, cancellationToken);
        return [current ?? new RecordChange(entity, sysId, ChangeOperation.Delete, ChangeVersion.FromTimestamp(request.ReceivedAt), [])];
    }

    /// <summary>The scripts' keys tell the two apart: Name/Number/City for accounts, first_name/last_name for contacts.</summary>
    private static string? EntityOf(JsonElement root)
    {
        var account = AccountKeys.Any(key => root.TryGetProperty(key, out _));
        var contact = ContactKeys.Any(key => root.TryGetProperty(key, out _));
        return account == contact ? null : account ? Entities.Account : Entities.Contact;
    }

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
