using System.Globalization;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Paging;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// ServiceNow's <c>sys_audit_delete</c> table ("Deleted Records"): one row per deleted record, with the table it was in
/// (<c>tablename</c>), its sys_id (<c>documentkey</c>) and when it was deleted (<c>sys_created_on</c>). An incremental
/// pull reads it with <c>tablename=customer_account^sys_created_on&gt;=&lt;time&gt;^ORDERBYsys_created_on</c>. The real table
/// also keeps the record's XML in <c>payload</c>, which the simulator leaves out. A revived record leaves the table.
/// </summary>
public static class AuditDeleteTable
{
    public const string Name = "sys_audit_delete";

    public static async Task<IResult> ListAsync(HttpContext context, RecordStore store, PageServer server)
    {
        var parameters = context.Request.Query;
        var (entity, since) = Parse(parameters["sysparm_query"].ToString());
        var size = server.Clamp(PageParameters.Integer(parameters, "sysparm_limit", TableApi.DefaultLimit, minimum: 1, "sysparm_limit must be a whole number of 1 or more."));
        var offset = PageParameters.Offset(parameters, "sysparm_offset");
        await server.DelayAsync(context);
        var deleted = store.DeletedSince(entity, since);
        context.Response.Headers["X-Total-Count"] = deleted.Count.ToString(CultureInfo.InvariantCulture);
        var page = deleted.Skip(offset).Take(size).Select(record => new Dictionary<string, string>
        {
            // An audit row's own id: the record's sys_id with another head, so that it is 32 hex digits and unique.
            ["sys_id"] = "de1e7ed0" + SysIds.Of(entity, record.Index)[8..],
            ["tablename"] = entity.TableOf(),
            ["documentkey"] = SysIds.Of(entity, record.Index),
            ["sys_created_on"] = ServiceNowRecord.Time(record.ChangedAt ?? SimRecord.Epoch),
        });
        return Results.Json(new { result = page });
    }

    /// <summary><c>tablename=</c> is required, <c>sys_created_on&gt;=</c> optional; the order is always the deletions'.</summary>
    private static (SimEntity Entity, DateTimeOffset Since) Parse(string query)
    {
        SimEntity? entity = null;
        var since = DateTimeOffset.MinValue;
        foreach (var term in query.Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            if (term.StartsWith("tablename=", StringComparison.Ordinal) && ServiceNowTables.TryParse(term["tablename=".Length..], out var table))
            {
                entity = table;
            }
            else if (term.StartsWith("sys_created_on>=", StringComparison.Ordinal) && DateTime.TryParseExact(term["sys_created_on>=".Length..], ServiceNowRecord.TimeFormat,
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                since = new DateTimeOffset(time, TimeSpan.Zero);
            }
            else if (term != "ORDERBYsys_created_on")
            {
                throw new PageParameterException($"The simulator's {Name} understands tablename=<customer_account|customer_contact>, sys_created_on>=<yyyy-MM-dd HH:mm:ss> and ORDERBYsys_created_on joined by ^, not '{term}'.");
            }
        }

        return entity is { } known ? (known, since) : throw new PageParameterException($"Ask {Name} for one table: tablename=customer_account or tablename=customer_contact.");
    }
}
