namespace CrmSync.CrmSimulator.ServiceNow.Push;

/// <summary>
/// The body of <c>POST /simulator/servicenow/changes</c>: changes to make, and which family of business rule tells
/// <see cref="Target"/> about them: <c>CrmSync</c> (crm/servicenow's signed rule) or <c>Microsoft</c> (their six scripts).
/// </summary>
public sealed record ServiceNowChangesRequest(
    string? Target, string? Family, string? Secret, string? Username, string? Password, bool? Deliver, int? Concurrency, List<ServiceNowChange>? Changes)
{
    /// <summary>Notifications in flight at once unless the request says otherwise; a bulk edit's fan out far wider.</summary>
    public const int DefaultConcurrency = 16;

    public const string Example =
        """{"target":"http://127.0.0.1:5080/webhooks/servicenow","family":"Microsoft","username":"u","password":"p","changes":[{"table":"customer_account","sysId":"…","operation":"update","fields":{"name":"New"}}]}""";

    public bool IsMicrosoft => string.Equals(Family, "Microsoft", StringComparison.OrdinalIgnoreCase);

    public string? Problem()
    {
        if (!IsMicrosoft && !string.Equals(Family, "CrmSync", StringComparison.OrdinalIgnoreCase))
        {
            return "family must be CrmSync (crm/servicenow's signed rule) or Microsoft (Microsoft's six scripts).";
        }

        if (Deliver != false && !Uri.TryCreate(Target, UriKind.Absolute, out _))
        {
            return "target must be the absolute webhook URL to deliver to, e.g. http://127.0.0.1:5080/webhooks/servicenow (or set deliver to false).";
        }

        if (!IsMicrosoft && CrmSyncNotification.SecretProblem(Secret) is { } secretProblem)
        {
            return secretProblem;
        }

        if (Concurrency is < 1 or > 512)
        {
            return "concurrency must be between 1 and 512 notifications in flight.";
        }

        if (Changes is not { Count: > 0 })
        {
            return "Give at least one change in changes.";
        }

        return Changes.Select((change, index) => change.Problem() is { } problem ? $"changes[{index}]: {problem}" : null).FirstOrDefault(problem => problem is not null);
    }
}

/// <param name="Operation">insert (revives a deleted record), update or delete.</param>
/// <param name="Fields">ServiceNow field names and string or null values; only name, phone and website of an account, and first_name, last_name, email, phone and account of a contact change.</param>
public sealed record ServiceNowChange(string? Table, string? SysId, string? Operation, Dictionary<string, JsonElement>? Fields)
{
    public string? Problem() =>
        !ServiceNowTables.TryParse(Table, out _) ? $"table must be {ServiceNowTables.Account} or {ServiceNowTables.Contact}."
        : Operation is not ("insert" or "update" or "delete") ? "operation must be insert, update or delete."
        : Operation == "delete" && Fields is { Count: > 0 } ? "A delete changes no fields; leave fields out."
        : null;
}

/// <summary>One notification as it was sent (or would be, with deliver false), and the status the target answered.</summary>
public sealed record SentNotification(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body, int? Status, string? Error);
