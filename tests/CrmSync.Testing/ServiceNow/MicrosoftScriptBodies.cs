using CrmSync.CrmSimulator.ServiceNow.Push;

namespace CrmSync.Testing.ServiceNow;

/// <summary>
/// One request of Microsoft's ServiceNow business-rule scripts (seed-solution.md §1.6): which script and REST message
/// function sends it, the HTTP method that function uses, and the flat JSON body exactly as JSON.stringify writes it.
/// </summary>
public sealed record MicrosoftScriptRequest(string Script, string RestMessage, string Function, HttpMethod Method, string Entity, string Body)
{
    /// <summary>Microsoft's REST messages carry Basic auth from their auth profile and JSON headers, nothing else.</summary>
    public HttpRequestMessage ToHttpRequest(Uri url, string username, string password)
    {
        var request = new HttpRequestMessage(Method, url) { Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:{password}")));
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}

/// <summary>
/// The bodies of Microsoft's six scripts for a record's internal values (ServiceNow field names), for connector tests.
/// A field the record lacks or leaves empty is <c>null</c>, as the scripts' getValue reads it; keys keep their mixed
/// casing; only the create bodies carry <c>u_base_url</c>; none carries <c>sys_updated_on</c> or <c>sys_mod_count</c>.
/// The shapes are the simulator's (<see cref="MicrosoftScripts"/>), which sends the same bodies to a gateway.
/// </summary>
public static class MicrosoftScriptBodies
{
    public static MicrosoftScriptRequest CreateAccount(IReadOnlyDictionary<string, string?> record) => For("account", "insert", record);

    public static MicrosoftScriptRequest UpdateAccount(IReadOnlyDictionary<string, string?> record) => For("account", "update", record);

    public static MicrosoftScriptRequest DeleteAccount(IReadOnlyDictionary<string, string?> record) => For("account", "delete", record);

    public static MicrosoftScriptRequest CreateContact(IReadOnlyDictionary<string, string?> record) => For("contact", "insert", record);

    public static MicrosoftScriptRequest UpdateContact(IReadOnlyDictionary<string, string?> record) => For("contact", "update", record);

    public static MicrosoftScriptRequest DeleteContact(IReadOnlyDictionary<string, string?> record) => For("contact", "delete", record);

    /// <summary>The request for an entity ("account" or "contact") and an operation ("insert", "update" or "delete").</summary>
    public static MicrosoftScriptRequest For(string entity, string operation, IReadOnlyDictionary<string, string?> record)
    {
        var script = MicrosoftScripts.For(entity, operation);
        return new MicrosoftScriptRequest(script.Name, script.RestMessage, script.Function, new HttpMethod(script.Method), script.Entity, script.Body(record));
    }
}
