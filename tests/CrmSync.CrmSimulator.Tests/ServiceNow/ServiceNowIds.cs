using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.ServiceNow;

namespace CrmSync.CrmSimulator.Tests.ServiceNow;

public static class ServiceNowIds
{
    public static string Account(int index) => SysIds.Of(SimEntity.Account, index);

    public static string Contact(int index) => SysIds.Of(SimEntity.Contact, index);
}
