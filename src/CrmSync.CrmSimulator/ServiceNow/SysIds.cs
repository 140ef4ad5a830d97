using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// ServiceNow's 32-hex sys_ids for the generated records: the record index in the first eight digits, so ORDERBYsys_id
/// is id order, then a fixed tail per table, so an account's sys_id is never a contact's.
/// </summary>
public static class SysIds
{
    private const string AccountTail = "acc0000000004000800000a1";

    private const string ContactTail = "c0470000000040008000000c";

    public static string Of(SimEntity entity, int index) =>
        index.ToString("x8", CultureInfo.InvariantCulture) + (entity == SimEntity.Account ? AccountTail : ContactTail);

    public static bool TryParse(SimEntity entity, string? sysId, [NotNullWhen(true)] out int? index)
    {
        index = null;
        if (sysId is not { Length: 32 } || !sysId.EndsWith(entity == SimEntity.Account ? AccountTail : ContactTail, StringComparison.Ordinal) ||
            !int.TryParse(sysId.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        index = parsed;
        return true;
    }
}
