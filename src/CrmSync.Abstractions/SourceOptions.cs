namespace CrmSync.Abstractions;

/// <summary>The kinds of source CRM a connector exists for.</summary>
public enum SourceKind
{
    /// <summary>Webhooks in the generic format (DESIGN.md §9); no initial sync.</summary>
    Generic,

    /// <summary>
    /// Any CRM with a JSON REST API, configured without code (BaseUrl, Auth, Entities with paging and
    /// field paths; see CrmSync.Connectors/Rest). Its webhooks use the generic format.
    /// </summary>
    Rest,

    /// <summary>ServiceNow's Table API and business rules (CrmSync's own, or Microsoft's scripts); see crm/servicenow.</summary>
    ServiceNow,

    /// <summary>Salesforce's REST API, CrmSync's Apex triggers and Outbound Messages; see crm/salesforce.</summary>
    Salesforce,

    /// <summary>HubSpot's CRM v3 API and its app webhooks (v3 signatures); see crm/hubspot.</summary>
    HubSpot,

    /// <summary>Another Dynamics 365 / Dataverse organisation: its Web API, change tracking and webhooks; see crm/dynamics365.</summary>
    Dynamics365,

    /// <summary>Zendesk Support's users and organizations: the REST API and event-subscribed webhooks; see crm/zendesk.</summary>
    Zendesk,

    /// <summary>Pipedrive's persons and organizations: API v2 and webhooks v2; see crm/pipedrive.</summary>
    Pipedrive,
}

/// <summary>A source's answer to an edit made in Dataverse to a row CrmSync writes (<c>CrmSync:Sources:{name}:OnDataverseEdit</c>).</summary>
[GenerateSerializer]
public enum DataverseEditPolicy
{
    /// <summary>The CRM wins: CrmSync writes over the edit, and logs and counts it.</summary>
    Overwrite,

    /// <summary>The edit wins: CrmSync stops writing the row (changes are still stored) and lists it as kept.</summary>
    Keep,

    /// <summary>The record is parked with the edit shown; an admin retry writes over it.</summary>
    Park,
}

/// <summary>One configured source, under <c>CrmSync:Sources:{name}</c>.</summary>
public sealed class SourceOptions
{
    public SourceKind Kind { get; set; } = SourceKind.Generic;

    /// <summary>
    /// The webhook signing secret (<c>whsec_…</c> for Standard Webhooks, the webhook's signing secret as Zendesk shows it). From the environment or user secrets only.
    /// Needed only by a source that receives webhooks: without it a pull-only source still syncs, and its webhook
    /// endpoint answers 401 naming this setting.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The msdyn_source_crm choice value written for this source's rows. When unset, it is looked up
    /// at start-up by <see cref="SourceCrmLabel"/> in the environment's option set.
    /// </summary>
    public int? SourceCrmValue { get; set; }

    /// <summary>
    /// Adopt rows made before CrmSync (by Microsoft's flows or by hand): before a record's first write,
    /// a row with the same msdyn_source_crm and msdyn_source_crm_id is looked up and updated in place
    /// rather than duplicated. Costs one query per record, once.
    /// </summary>
    public bool AdoptExistingRows { get; set; }

    /// <summary>
    /// What follows when CrmSync's write of a row finds that someone edited the row in Dataverse since CrmSync last wrote
    /// it (the write's If-Match is refused with 412). Default <see cref="DataverseEditPolicy.Overwrite"/>.
    /// </summary>
    public DataverseEditPolicy OnDataverseEdit { get; set; } = DataverseEditPolicy.Overwrite;

    /// <summary>The option's label to look up when <see cref="SourceCrmValue"/> is unset; by default the kind's (Generic: "Other").</summary>
    public string? SourceCrmLabel { get; set; }

    /// <summary>Incremental pull by the CRM's "changed since" query; off unless Poll:Interval is set.</summary>
    public PollOptions Poll { get; set; } = new();

    /// <summary>
    /// ServiceNow's sys_id is a GUID already, and Microsoft's flows write it as the row's primary key: CrmSync does the
    /// same, so the rows those flows made are the rows CrmSync updates.
    /// </summary>
    public bool SourceIdsAreRowIds => Kind == SourceKind.ServiceNow;

    public string EffectiveSourceCrmLabel => SourceCrmLabel ?? Kind switch
    {
        SourceKind.Generic or SourceKind.Rest => "Other",
        SourceKind.Dynamics365 => "Dynamics 365",
        _ => Kind.ToString(),
    };
}

/// <summary>The <c>CrmSync</c> configuration section shared by silo and gateway.</summary>
public sealed class CrmSyncOptions
{
    public const string SectionName = "CrmSync";

    public Dictionary<string, SourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
