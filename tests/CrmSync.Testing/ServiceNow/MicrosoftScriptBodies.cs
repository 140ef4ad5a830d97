using System.Text.Json;

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
/// The bodies of Microsoft's six scripts, built from a record's internal values (ServiceNow field names) as their
/// <c>getValue</c> calls read them: a field the record lacks or leaves empty is <c>null</c>. Keys keep the scripts'
/// mixed casing (<c>Number</c>, <c>Name</c>, <c>City</c>, <c>Phone</c> but <c>zip</c>); only the create bodies carry
/// <c>u_base_url</c>; no body carries <c>sys_updated_on</c> or <c>sys_mod_count</c>.
/// </summary>
public static class MicrosoftScriptBodies
{
    private static readonly (string Key, string Field)[] AccountKeys =
        [("id", "sys_id"), ("Number", "number"), ("Name", "name"), ("City", "city"), ("Phone", "phone"), ("zip", "zip"), ("sys_id", "sys_id"), ("sys_created_on", "sys_created_on")];

    private static readonly (string Key, string Field)[] ContactKeys =
        [("id", "sys_id"), ("first_name", "first_name"), ("last_name", "last_name"), ("email", "email"), ("phone", "phone"),
         ("mobile_phone", "mobile_phone"), ("account", "account"), ("sys_id", "sys_id"), ("sys_created_on", "sys_created_on")];

    private static readonly (string Key, string Field)[] CreateOnlyKeys = [("u_base_url", "u_base_url")];

    public static MicrosoftScriptRequest CreateAccount(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowCreateAccountScript", "CreateFlowEndpoints", "DefaultPost", HttpMethod.Post, "account", Body(record, [.. AccountKeys, .. CreateOnlyKeys]));

    public static MicrosoftScriptRequest UpdateAccount(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowUpdateAccountScript", "UpdateFlowEndpoints", "UpdatePost", HttpMethod.Post, "account", Body(record, AccountKeys));

    public static MicrosoftScriptRequest DeleteAccount(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowDeleteAccountScript", "DeleteFlowEndpoints", "DefaultDelete", HttpMethod.Delete, "account", Body(record, AccountKeys));

    public static MicrosoftScriptRequest CreateContact(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowCreateContactScript", "CreateTriggerEndpointsContact", "DefaultPost", HttpMethod.Post, "contact", Body(record, [.. ContactKeys, .. CreateOnlyKeys]));

    public static MicrosoftScriptRequest UpdateContact(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowUpdateContactScript", "UpdateTriggerEndpointsContact", "DefaultPut", HttpMethod.Put, "contact", Body(record, ContactKeys));

    public static MicrosoftScriptRequest DeleteContact(IReadOnlyDictionary<string, string?> record) =>
        new("ServiceNowDeleteContactScript", "DeleteTriggerEndpointsContact", "DefaultDelete", HttpMethod.Delete, "contact", Body(record, ContactKeys));

    /// <summary>The script for an entity ("account" or "contact") and an operation ("insert", "update" or "delete").</summary>
    public static MicrosoftScriptRequest For(string entity, string operation, IReadOnlyDictionary<string, string?> record) => (entity, operation) switch
    {
        ("account", "insert") => CreateAccount(record),
        ("account", "update") => UpdateAccount(record),
        ("account", "delete") => DeleteAccount(record),
        ("contact", "insert") => CreateContact(record),
        ("contact", "update") => UpdateContact(record),
        ("contact", "delete") => DeleteContact(record),
        _ => throw new ArgumentException($"Microsoft's scripts cover account and contact, insert, update and delete, not {entity} {operation}."),
    };

    private static string Body(IReadOnlyDictionary<string, string?> record, (string Key, string Field)[] keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, field) in keys)
            {
                if (record.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value))
                {
                    writer.WriteString(key, value);
                }
                else
                {
                    writer.WriteNull(key);
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
