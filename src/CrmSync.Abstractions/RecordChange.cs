namespace CrmSync.Abstractions;

public enum ChangeOperation
{
    Upsert,
    Delete,
}

/// <summary>
/// One change of one source record, as a connector parsed it from a webhook or an API page.
/// </summary>
/// <param name="Entity">"account" or "contact" (see <see cref="Entities"/>).</param>
/// <param name="SourceId">The record's id in the source CRM.</param>
/// <param name="Fields">Dataverse column name to its raw JSON value ("null" clears the column).
/// The reserved names in <see cref="RecordFields"/> carry the source URL and the parent account.</param>
/// <param name="IsComplete">True when the change carries the whole record: columns it does not name
/// are cleared. False for a partial change, merged field by field.</param>
[GenerateSerializer, Immutable]
public sealed record RecordChange(
    [property: Id(0)] string Entity,
    [property: Id(1)] string SourceId,
    [property: Id(2)] ChangeOperation Operation,
    [property: Id(3)] ChangeVersion Version,
    [property: Id(4)] Dictionary<string, string> Fields,
    [property: Id(5)] bool IsComplete = false);

public static class Entities
{
    public const string Account = "account";
    public const string Contact = "contact";

    public static bool IsKnown(string entity) => entity is Account or Contact;
}

/// <summary>Field names a change may carry besides ordinary Dataverse columns.</summary>
public static class RecordFields
{
    /// <summary>The deep link to the record in the CRM; written to msdyn_source_crm_url.</summary>
    public const string SourceUrl = "msdyn_source_crm_url";

    /// <summary>A contact's account, as the account's source id (a JSON string, or null).</summary>
    public const string ParentAccountId = "$parentAccountId";
}
