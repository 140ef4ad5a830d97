namespace CrmSync.CrmSimulator.Control;

/// <summary>
/// The body of a CRM's <c>POST /simulator/{kind}/changes</c>: edits in the simulator's ids, and where to send the
/// notifications they cause (left out: they are only returned). Secret signs Zendesk's; Username and Password are
/// Pipedrive's Basic credentials; TimestampForm (<c>iso</c> or <c>unix</c>) picks Pipedrive's meta.timestamp form.
/// </summary>
public sealed record ChangesRequest(string? Target, List<EditRequest>? Changes, string? Secret, string? Username, string? Password, string? TimestampForm)
{
    public const string Example = """{"target":"http://127.0.0.1:5000/webhooks/crm","changes":[{"entity":"contact","id":"C0000001","action":"change","fields":{"lastName":"Roe"}}]}""";

    public string? Problem() =>
        Changes is not { Count: > 0 } ? $"Name at least one change, e.g. {Example}."
        : TimestampForm is not (null or "iso" or "unix") ? "timestampForm must be iso or unix."
        : null;
}

/// <summary>The answer: every notification made, in order, with the target's status when sent.</summary>
public sealed record ChangesResponse(IReadOnlyList<Delivery> Deliveries);
