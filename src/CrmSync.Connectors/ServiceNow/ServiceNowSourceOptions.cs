namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// A <see cref="SourceKind.ServiceNow"/> source, bound from <c>CrmSync:Sources:{name}</c> beside its Kind and Secret:
/// the instance, how to sign in to its Table API, which tables hold accounts and contacts, and the Basic credentials
/// Microsoft's REST messages send. Checked at start-up by <see cref="ServiceNowSourceValidation"/>.
/// </summary>
public sealed class ServiceNowSourceOptions
{
    public const string DefaultAccountTable = "customer_account";

    public const string DefaultContactTable = "customer_contact";

    /// <summary>The instance's root, e.g. <c>https://dev12345.service-now.com</c>.</summary>
    public string? Instance { get; set; }

    public ServiceNowAuthOptions Auth { get; set; } = new();

    /// <summary><c>account</c> and <c>contact</c> → the table that holds them, when not the CSM defaults.</summary>
    public Dictionary<string, string> Tables { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The HTTP Basic credentials of the REST messages of Microsoft's scripts, re-pointed at CrmSync.</summary>
    public string? WebhookUsername { get; set; }

    public string? WebhookPassword { get; set; }

    /// <summary>Records per Table API page of the initial sync.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The most records one read-back asks for (<c>sys_idIN</c>); 100 keeps the URL well inside any proxy's limit.</summary>
    public int ReadBackBatch { get; set; } = 100;

    /// <summary>How long a read-back waits for others to share its request.</summary>
    public TimeSpan ReadBackDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polling reads deletions from <c>sys_audit_delete</c> too, which needs read access to that table; without it,
    /// set false and let the business rule's webhooks bring deletions.
    /// </summary>
    public bool PollDeletes { get; set; } = true;

    public string TableOf(string entity) =>
        Tables.GetValueOrDefault(entity) is { Length: > 0 } table ? table
        : entity == Entities.Account ? DefaultAccountTable : DefaultContactTable;

    /// <summary>The entity a table holds, or null when the source syncs neither from it.</summary>
    public string? EntityOf(string table) =>
        table == TableOf(Entities.Account) ? Entities.Account
        : table == TableOf(Entities.Contact) ? Entities.Contact
        : null;

    public bool TakesMicrosoftScripts => !string.IsNullOrEmpty(WebhookUsername);
}

public enum ServiceNowAuthType
{
    Basic,
    OAuth,
}

/// <summary>Credentials come from the environment or user secrets only.</summary>
public sealed class ServiceNowAuthOptions
{
    public string Type { get; set; } = nameof(ServiceNowAuthType.Basic);

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}
