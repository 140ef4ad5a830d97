using System.Globalization;
using CrmSync.CrmSimulator.Paging;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// The part of ServiceNow's encoded query language a sync uses, terms joined by <c>^</c>: <c>ORDERBYsys_id</c>,
/// <c>ORDERBYsys_updated_on</c> (an incremental pull's order: oldest change first, then sys_id), <c>sys_idIN&lt;a,b,c&gt;</c>
/// and <c>sys_updated_on&gt;=&lt;yyyy-MM-dd HH:mm:ss&gt;</c>. Results are otherwise in sys_id order. ServiceNow ignores terms it cannot read; the simulator refuses them, so a client's mistake shows.
/// </summary>
public sealed record TableQuery(IReadOnlySet<string>? SysIds, DateTimeOffset? UpdatedSince, bool ByUpdatedOn = false)
{
    private const string SysIdIn = "sys_idIN";
    private const string UpdatedOnOrAfter = "sys_updated_on>=";

    public static TableQuery Parse(string? query)
    {
        HashSet<string>? sysIds = null;
        DateTimeOffset? updatedSince = null;
        var byUpdatedOn = false;
        foreach (var term in (query ?? "").Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            if (term == "ORDERBYsys_id")
            {
                continue;
            }

            if (term == "ORDERBYsys_updated_on")
            {
                byUpdatedOn = true;
                continue;
            }

            if (term.StartsWith(SysIdIn, StringComparison.Ordinal))
            {
                var ids = term[SysIdIn.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries);
                sysIds = sysIds is null ? [.. ids] : [.. sysIds.Intersect(ids)];
                continue;
            }

            if (term.StartsWith(UpdatedOnOrAfter, StringComparison.Ordinal))
            {
                updatedSince = DateTime.TryParseExact(term[UpdatedOnOrAfter.Length..], ServiceNowRecord.TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since)
                    ? new DateTimeOffset(since, TimeSpan.Zero)
                    : throw new PageParameterException($"'{term}' needs a UTC time as yyyy-MM-dd HH:mm:ss, e.g. sys_updated_on>=2026-11-23 10:00:00.");
                continue;
            }

            throw new PageParameterException(
                $"The simulator's sysparm_query understands ORDERBYsys_id, ORDERBYsys_updated_on, sys_idIN<ids> and sys_updated_on>=<time> joined by ^, not '{term}'.");
        }

        return new TableQuery(sysIds, updatedSince, byUpdatedOn);
    }

    /// <summary>A read of named records, which a connector makes to read notified records back.</summary>
    public bool IsReadBack => SysIds is not null;
}
