namespace CrmSync.DataverseEmulator.Schema;

/// <summary>
/// The tables of a standard environment with Microsoft's connector solution installed (columns and lengths
/// from specs/dataverse.md §10; source columns from DESIGN.md §1). <see cref="DataverseSchema"/> derives the
/// emulated environment from them.
/// </summary>
public static class StandardTables
{
    public static readonly OptionSetDefinition SourceCrm = new("msdyn_source_crm",
    [
        // 2 and 3 are the values Microsoft's own ServiceNow and Zendesk flows write.
        new(2, "ServiceNow"),
        new(3, "Zendesk"),
        new(192350000, "Salesforce"),
        new(192350001, "HubSpot"),
        new(192350002, "Dynamics 365"),
        new(192350003, "Pipedrive"),
        new(192350004, "Other"),
    ]);

    public static readonly TableDefinition Account = new(
        "account", "accounts", "Account", "accountid", "name",
        [
            new("accountid", "Account", AttributeType.Uniqueidentifier),
            Text("name", "Account Name", 160),
            Text("accountnumber", "Account Number", 20),
            Text("telephone1", "Main Phone", 50),
            Text("telephone2", "Other Phone", 50),
            Text("fax", "Fax", 50),
            Text("emailaddress1", "Email", 100),
            Text("websiteurl", "Website", 200),
            .. Address(),
            new("description", "Description", AttributeType.Memo) { MaxLength = 2000 },
            new("numberofemployees", "Number of Employees", AttributeType.Integer),
            new("revenue", "Annual Revenue", AttributeType.Money),
            Choice("industrycode", "Industry", IndustryCodes()),
            Choice("customertypecode", "Relationship Type", CustomerTypeCodes()),
            Lookup("parentaccountid", "Parent Account", new("parentaccountid", "account", DeleteBehavior.RemoveLink)),
            Lookup("primarycontactid", "Primary Contact", new("primarycontactid", "contact", DeleteBehavior.RemoveLink)),
            .. SystemColumns("account"),
        ],
        [SourceKey()])
    {
        ObjectTypeCode = 1,
        DisplayCollectionName = "Accounts",
    };

    public static readonly TableDefinition Contact = new(
        "contact", "contacts", "Contact", "contactid", "fullname",
        [
            new("contactid", "Contact", AttributeType.Uniqueidentifier),
            Text("firstname", "First Name", 50),
            Text("middlename", "Middle Name", 50),
            Text("lastname", "Last Name", 50),
            new("fullname", "Full Name", AttributeType.String)
            {
                MaxLength = 160,
                IsReadOnly = true,
                ComputedFrom = ["firstname", "middlename", "lastname"],
            },
            Text("jobtitle", "Job Title", 100),
            Text("department", "Department", 100),
            Text("salutation", "Salutation", 100),
            Text("emailaddress1", "Email", 100),
            Text("telephone1", "Business Phone", 50),
            Text("telephone2", "Home Phone", 50),
            Text("mobilephone", "Mobile Phone", 50),
            .. Address(),
            new("description", "Description", AttributeType.Memo) { MaxLength = 2000 },
            new("birthdate", "Birthday", AttributeType.DateTime) { IsDateOnly = true },
            // Deleting an account or contact deletes the contacts under it: the relationship is parental.
            new("parentcustomerid", "Company Name", AttributeType.Customer)
            {
                Targets =
                [
                    new("parentcustomerid_account", "account", DeleteBehavior.Cascade),
                    new("parentcustomerid_contact", "contact", DeleteBehavior.Cascade),
                ],
            },
            .. SystemColumns("contact"),
        ],
        [SourceKey()])
    {
        ObjectTypeCode = 2,
        DisplayCollectionName = "Contacts",
    };

    public static readonly IReadOnlyList<TableDefinition> All = [Account, Contact];

    /// <summary>Columns every row needs (the writer stamps them), so configuration cannot remove them.</summary>
    public static readonly IReadOnlySet<string> SystemColumnNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "statecode", "statuscode", "createdon", "modifiedon", "versionnumber",
    };

    private static ColumnDefinition Text(string name, string displayName, int maxLength) =>
        new(name, displayName, AttributeType.String) { MaxLength = maxLength };

    private static ColumnDefinition Choice(string name, string displayName, OptionSetDefinition options) =>
        new(name, displayName, AttributeType.Picklist) { OptionSet = options };

    private static ColumnDefinition Lookup(string name, string displayName, LookupTarget target) =>
        new(name, displayName, AttributeType.Lookup) { Targets = [target] };

    private static AlternateKeyDefinition SourceKey() =>
        new("msdyn_source_crm_key", "Source CRM Key", ["msdyn_source_crm", "msdyn_source_crm_id"]);

    private static IEnumerable<ColumnDefinition> Address() =>
    [
        Text("address1_line1", "Address 1: Street 1", 250),
        Text("address1_line2", "Address 1: Street 2", 250),
        Text("address1_line3", "Address 1: Street 3", 250),
        Text("address1_city", "Address 1: City", 80),
        Text("address1_stateorprovince", "Address 1: State/Province", 50),
        Text("address1_postalcode", "Address 1: ZIP/Postal Code", 20),
        Text("address1_country", "Address 1: Country/Region", 80),
        Text("address1_county", "Address 1: County", 50),
    ];

    private static IEnumerable<ColumnDefinition> SystemColumns(string table) =>
    [
        new("statecode", "Status", AttributeType.State)
        {
            OptionSet = new($"{table}_statecode", [new(0, "Active", DefaultStatus: 1), new(1, "Inactive", DefaultStatus: 2)]),
        },
        new("statuscode", "Status Reason", AttributeType.Status)
        {
            OptionSet = new($"{table}_statuscode", [new(1, "Active", State: 0), new(2, "Inactive", State: 1)]),
        },
        new("msdyn_source_crm", "Source CRM", AttributeType.Picklist) { OptionSet = SourceCrm },
        Text("msdyn_source_crm_id", "Source CRM ID", 100),
        Text("msdyn_source_crm_url", "Source CRM URL", 1000),
        new("createdon", "Created On", AttributeType.DateTime) { IsReadOnly = true },
        new("modifiedon", "Modified On", AttributeType.DateTime) { IsReadOnly = true },
        new("versionnumber", "Version Number", AttributeType.BigInt) { IsReadOnly = true },
    ];

    private static OptionSetDefinition CustomerTypeCodes() => new("account_customertypecode",
    [
        new(1, "Competitor"), new(2, "Consultant"), new(3, "Customer"), new(4, "Investor"), new(5, "Partner"),
        new(6, "Influencer"), new(7, "Press"), new(8, "Prospect"), new(9, "Reseller"), new(10, "Supplier"),
        new(11, "Vendor"), new(12, "Other"),
    ]);

    private static OptionSetDefinition IndustryCodes() => new("account_industrycode",
    [
        new(1, "Accounting"), new(2, "Agriculture and Non-petrol Natural Resource Extraction"),
        new(3, "Broadcasting Printing and Publishing"), new(4, "Brokers"), new(5, "Building Supply Retail"),
        new(6, "Business Services"), new(7, "Consulting"), new(8, "Consumer Services"),
        new(9, "Design, Direction and Creative Management"), new(10, "Distributors, Dispatchers and Processors"),
        new(11, "Doctor's Offices and Clinics"), new(12, "Durable Manufacturing"), new(13, "Eating and Drinking Places"),
        new(14, "Entertainment Retail"), new(15, "Equipment Rental and Leasing"), new(16, "Financial"),
        new(17, "Food and Tobacco Processing"), new(18, "Inbound Capital Intensive Processing"),
        new(19, "Inbound Repair and Services"), new(20, "Insurance"), new(21, "Legal Services"),
        new(22, "Non-Durable Merchandise Retail"), new(23, "Outbound Consumer Service"),
        new(24, "Petrochemical Extraction and Distribution"), new(25, "Service Retail"), new(26, "SIG Affiliations"),
        new(27, "Social Services"), new(28, "Special Outbound Trade Contractors"), new(29, "Specialty Realty"),
        new(30, "Transportation"), new(31, "Utility Creation and Distribution"), new(32, "Vehicle Retail"),
        new(33, "Wholesale"),
    ]);
}
