using System.Collections.Frozen;
using CrmSync.Abstractions;

namespace CrmSync.Dataverse;

/// <summary>A Dataverse table as CrmSync writes it.</summary>
public sealed record DataverseTable(string LogicalName, string EntitySet, string PrimaryKey, FrozenSet<string> WritableColumns);

/// <summary>The two tables CrmSync keeps in step, with the columns a source may set (specs/dataverse.md §10).</summary>
public static class DataverseTables
{
    public const string SourceCrm = "msdyn_source_crm";
    public const string SourceCrmId = "msdyn_source_crm_id";
    public const string SourceCrmUrl = "msdyn_source_crm_url";
    public const string ContactParentAccountBind = "parentcustomerid_account@odata.bind";

    private static readonly string[] Shared =
    [
        "telephone1", "emailaddress1", "address1_line1", "address1_line2", "address1_line3", "address1_city",
        "address1_stateorprovince", "address1_postalcode", "address1_country", "address1_county", "description",
        "statecode", "statuscode", SourceCrmUrl,
    ];

    public static readonly DataverseTable Account = new(
        Entities.Account, "accounts", "accountid",
        Shared.Concat(["name", "accountnumber", "telephone2", "fax", "websiteurl", "numberofemployees", "revenue", "industrycode", "customertypecode"])
            .ToFrozenSet(StringComparer.Ordinal));

    public static readonly DataverseTable Contact = new(
        Entities.Contact, "contacts", "contactid",
        Shared.Concat(["firstname", "middlename", "lastname", "jobtitle", "department", "salutation", "mobilephone", "birthdate"])
            .ToFrozenSet(StringComparer.Ordinal));

    public static DataverseTable For(string entity) => entity switch
    {
        Entities.Account => Account,
        Entities.Contact => Contact,
        _ => throw new ArgumentException($"'{entity}' is not a table CrmSync writes; use account or contact.", nameof(entity)),
    };
}
