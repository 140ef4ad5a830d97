using System.Diagnostics.CodeAnalysis;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>The two CSM tables the simulator serves and the simulator entity behind each.</summary>
public static class ServiceNowTables
{
    public const string Account = "customer_account";

    public const string Contact = "customer_contact";

    public static bool TryParse(string? table, [NotNullWhen(true)] out SimEntity? entity)
    {
        entity = table switch
        {
            Account => SimEntity.Account,
            Contact => SimEntity.Contact,
            _ => null,
        };
        return entity is not null;
    }

    public static string TableOf(this SimEntity entity) => entity == SimEntity.Account ? Account : Contact;
}
