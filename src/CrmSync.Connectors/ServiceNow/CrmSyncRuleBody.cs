using System.Text.Json;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// The body of CrmSync's business rule (crm/servicenow, CONTRACT.md): <c>{operation, table, record, sys_deleted_on}</c>
/// with the whole record, so it needs no read-back. The table says the entity; a URL that names one must agree.
/// </summary>
public static class CrmSyncRuleBody
{
    public static RecordChange Parse(byte[] body, string? urlEntity, ServiceNowSourceOptions options, Func<string, ServiceNowRecords> records)
    {
        using var document = WebhookJson.Object(body);
        var root = document.RootElement;
        var operation = ServiceNowRecords.Text(root, "operation");
        if (operation is not ("insert" or "update" or "delete"))
        {
            throw Fail("operation must be \"insert\", \"update\" or \"delete\"");
        }

        var table = ServiceNowRecords.Text(root, "table") ?? throw Fail("table must name the record's table, e.g. \"customer_account\"");
        var entity = options.EntityOf(table)
            ?? throw Fail($"table '{table}' is neither this source's account table ({options.TableOf(Entities.Account)}) nor its contact table ({options.TableOf(Entities.Contact)}); set Tables:account or Tables:contact to sync it");
        if (urlEntity is not null && urlEntity != entity)
        {
            throw Fail($"the URL says {urlEntity} but table '{table}' holds {entity}s; send it to /webhooks/{{source}} or /webhooks/{{source}}/{entity}");
        }

        if (!root.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object)
        {
            throw Fail("record must be the record's fields as an object");
        }

        if (operation != "delete")
        {
            return records(entity).ToChange(record, Fail);
        }

        return ServiceNowVersion.TryParseTime(ServiceNowRecords.Text(root, "sys_deleted_on"), out var deletedOn)
            ? records(entity).ToDelete(record, deletedOn, Fail)
            : throw Fail("a delete needs sys_deleted_on as yyyy-MM-dd HH:mm:ss (UTC)");
    }

    private static WebhookFormatException Fail(string problem) => new($"{problem}; CrmSync's business rule sends it so.");
}
