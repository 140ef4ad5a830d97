namespace CrmSync.ServiceNow.Scripts.Tests;

/// <summary>Records as a CSM instance holds them (crm-apis.md B2): every value a string, date-times in UTC.</summary>
public static class SampleRecords
{
    public const string AccountSysId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    public const string ContactSysId = "f9e8d7c6b5a4938271605f4e3d2c1b0a";

    public static Dictionary<string, string?> Account() => new()
    {
        ["sys_id"] = AccountSysId,
        ["number"] = "ACC0001001",
        ["name"] = "Contoso Ltd",
        ["phone"] = "+1 555 0100",
        ["city"] = "Seattle",
        ["zip"] = "98101",
        ["street"] = "1 Main St",
        ["country"] = "USA",
        ["website"] = "https://contoso.example",
        ["sys_created_on"] = "2026-11-20 09:00:00",
        ["sys_updated_on"] = "2026-11-23 10:00:00",
        ["sys_mod_count"] = "3",
        ["sys_class_name"] = "customer_account",
        ["u_base_url"] = "dev12345",
    };

    public static Dictionary<string, string?> Contact() => new()
    {
        ["sys_id"] = ContactSysId,
        ["first_name"] = "Ada",
        ["last_name"] = "Lovelace",
        ["name"] = "Ada Lovelace",
        ["email"] = "ada@contoso.example",
        ["phone"] = "+1 555 0101",
        ["mobile_phone"] = "+1 555 0102",
        ["title"] = "Analyst",
        ["account"] = AccountSysId,
        ["sys_created_on"] = "2026-11-20 09:05:00",
        ["sys_updated_on"] = "2026-11-23 10:00:01",
        ["sys_mod_count"] = "0",
        ["sys_class_name"] = "customer_contact",
    };
}
