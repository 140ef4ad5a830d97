using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.ServiceNow.Push;

/// <summary>
/// One of Microsoft's six ServiceNow business-rule scripts (seed-solution.md §1.6): the REST message function that
/// sends it, its HTTP method, and the body keys it reads from the record. The keys keep the scripts' mixed casing.
/// </summary>
public sealed record MicrosoftScript(string Name, string RestMessage, string Function, string Method, string Entity, IReadOnlyList<(string Key, string Field)> Keys)
{
    /// <summary>
    /// The flat body JSON.stringify writes: each key from getValue of its field, null when the record lacks it or
    /// leaves it empty, in the scripts' order.
    /// </summary>
    public string Body(IReadOnlyDictionary<string, string?> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, field) in Keys)
            {
                if (values.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value))
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

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

public static class MicrosoftScripts
{
    private static readonly (string, string)[] AccountKeys =
        [("id", "sys_id"), ("Number", "number"), ("Name", "name"), ("City", "city"), ("Phone", "phone"), ("zip", "zip"), ("sys_id", "sys_id"), ("sys_created_on", "sys_created_on")];

    private static readonly (string, string)[] ContactKeys =
        [("id", "sys_id"), ("first_name", "first_name"), ("last_name", "last_name"), ("email", "email"), ("phone", "phone"),
         ("mobile_phone", "mobile_phone"), ("account", "account"), ("sys_id", "sys_id"), ("sys_created_on", "sys_created_on")];

    /// <summary>Only the create scripts send Microsoft's calculated Base URL field.</summary>
    private static readonly (string, string)[] CreateOnlyKeys = [("u_base_url", "u_base_url")];

    public static readonly MicrosoftScript CreateAccount = new("ServiceNowCreateAccountScript", "CreateFlowEndpoints", "DefaultPost", "POST", "account", [.. AccountKeys, .. CreateOnlyKeys]);

    public static readonly MicrosoftScript UpdateAccount = new("ServiceNowUpdateAccountScript", "UpdateFlowEndpoints", "UpdatePost", "POST", "account", AccountKeys);

    public static readonly MicrosoftScript DeleteAccount = new("ServiceNowDeleteAccountScript", "DeleteFlowEndpoints", "DefaultDelete", "DELETE", "account", AccountKeys);

    public static readonly MicrosoftScript CreateContact = new("ServiceNowCreateContactScript", "CreateTriggerEndpointsContact", "DefaultPost", "POST", "contact", [.. ContactKeys, .. CreateOnlyKeys]);

    public static readonly MicrosoftScript UpdateContact = new("ServiceNowUpdateContactScript", "UpdateTriggerEndpointsContact", "DefaultPut", "PUT", "contact", ContactKeys);

    public static readonly MicrosoftScript DeleteContact = new("ServiceNowDeleteContactScript", "DeleteTriggerEndpointsContact", "DefaultDelete", "DELETE", "contact", ContactKeys);

    /// <summary>The script an admin who followed Microsoft's guide runs for this entity ("account", "contact") and operation.</summary>
    public static MicrosoftScript For(string entity, string operation) => (entity, operation) switch
    {
        ("account", "insert") => CreateAccount,
        ("account", "update") => UpdateAccount,
        ("account", "delete") => DeleteAccount,
        ("contact", "insert") => CreateContact,
        ("contact", "update") => UpdateContact,
        ("contact", "delete") => DeleteContact,
        _ => throw new ArgumentException($"Microsoft's scripts cover account and contact, insert, update and delete, not {entity} {operation}."),
    };
}
