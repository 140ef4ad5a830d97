using System.Globalization;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Hosting;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// Zendesk's ids are integers; the simulator's records get ones in separate ranges (organizations from 360,000,001,
/// users from 370,000,001), so an id of the wrong kind is never found.
/// </summary>
public static class ZendeskIds
{
    public const long OrganizationBase = 360_000_000;
    public const long UserBase = 370_000_000;

    public static long Of(SimRecord record) => Of(record.Entity, record.Index);

    public static long Of(SimEntity entity, int index) => (entity == SimEntity.Account ? OrganizationBase : UserBase) + index;

    /// <summary>The zendesk id of a simulator id such as A0000001, for the organization_id of a user.</summary>
    public static long? OfSimulatorId(SimEntity entity, string? id) => id is not null && entity.TryParseId(id, out var index) ? Of(entity, index.Value) : null;

    public static bool TryParse(SimEntity entity, string text, out int index)
    {
        index = 0;
        var start = entity == SimEntity.Account ? OrganizationBase : UserBase;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= start || id > start + SimulatorOptions.MaxRecords)
        {
            return false;
        }

        index = (int)(id - start);
        return true;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
