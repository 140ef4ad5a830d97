namespace CrmSync.Connectors.ServiceNow;

/// <summary>The deep link Microsoft's flows write: the record in the Service Operations Workspace.</summary>
public static class ServiceNowLinks
{
    public static string Record(string instance, string table, string sysId) =>
        $"{instance.TrimEnd('/')}/now/cwf/agent/record/{Uri.EscapeDataString(table)}/{Uri.EscapeDataString(sysId)}";
}
