namespace CrmSync.Testing.ServiceNow;

/// <summary>The business rule script CrmSync ships in crm/servicenow/, embedded from that file so tests run what admins paste.</summary>
public static class CrmSyncBusinessRule
{
    public const string EndpointProperty = "x_crmsync.endpoint";

    public const string SecretProperty = "x_crmsync.secret";

    public static string Script { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(CrmSyncBusinessRule).Assembly.GetManifestResourceStream("crmsync-business-rule.js")
            ?? throw new InvalidOperationException("crmsync-business-rule.js is not embedded; see CrmSync.Testing.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
