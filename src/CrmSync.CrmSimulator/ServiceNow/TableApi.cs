using System.Buffers;
using System.Globalization;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Paging;
using Microsoft.AspNetCore.Http.Extensions;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// ServiceNow's Table API for customer_account and customer_contact: <c>GET /api/now/table/{table}</c> with offset
/// paging, an encoded query, field selection, <c>X-Total-Count</c> and <c>Link</c>; and <c>GET /api/now/table/{table}/{sys_id}</c>.
/// Credentials, injected faults and request counting come from the gate in front of every /api request.
/// </summary>
public static class TableApi
{
    /// <summary>ServiceNow's default sysparm_limit; the simulator's MaxPageSize clamps it as the instance's limits would.</summary>
    public const int DefaultLimit = 10_000;

    public static IEndpointRouteBuilder MapServiceNowTableApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/now/table/{table}", ListAsync);
        endpoints.MapGet("/api/now/table/{table}/{sysId}", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(string table, HttpContext context, RecordStore store, PageServer server, SimulatorStats stats)
    {
        if (table == AuditDeleteTable.Name)
        {
            try
            {
                return await AuditDeleteTable.ListAsync(context, store, server);
            }
            catch (PageParameterException exception)
            {
                return ServiceNowErrors.Failure(StatusCodes.Status400BadRequest, exception.Message, null);
            }
        }

        if (!ServiceNowTables.TryParse(table, out var entity))
        {
            return ServiceNowErrors.InvalidTable(table);
        }

        try
        {
            var parameters = context.Request.Query;
            var query = TableQuery.Parse(parameters["sysparm_query"].ToString());
            var size = server.Clamp(PageParameters.Integer(parameters, "sysparm_limit", DefaultLimit, minimum: 1, "sysparm_limit must be a whole number of 1 or more."));
            var offset = PageParameters.Offset(parameters, "sysparm_offset");
            var shape = RecordShape.From(parameters);
            if (query.IsReadBack)
            {
                stats.ReadBack();
            }

            await server.DelayAsync(context);
            var (records, total) = Select(store, entity.Value, query, offset, size);
            var page = new ServedPage(entity.Value, records, offset, size, total, RecordJson.BaseUrl(context.Request));
            context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
            if (LinkHeader(context.Request, page) is { } link)
            {
                context.Response.Headers.Link = link;
            }

            return server.Json(page, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("result");
                foreach (var record in records)
                {
                    shape.Write(writer, record, page.BaseUrl);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
        catch (PageParameterException exception)
        {
            return ServiceNowErrors.Failure(StatusCodes.Status400BadRequest, exception.Message, null);
        }
    }

    private static async Task<IResult> GetAsync(string table, string sysId, HttpContext context, RecordStore store, PageServer server, SimulatorStats stats)
    {
        if (!ServiceNowTables.TryParse(table, out var entity))
        {
            return ServiceNowErrors.InvalidTable(table);
        }

        stats.ReadBack();
        RecordShape shape;
        try
        {
            shape = RecordShape.From(context.Request.Query);
        }
        catch (PageParameterException exception)
        {
            return ServiceNowErrors.Failure(StatusCodes.Status400BadRequest, exception.Message, null);
        }

        await server.DelayAsync(context);
        if (!SysIds.TryParse(entity.Value, sysId, out var index) || store.Find(entity.Value, entity.Value.IdOf(index.Value)) is not { } record)
        {
            return ServiceNowErrors.NoRecord();
        }

        var page = new ServedPage(entity.Value, [record], 0, 1, 1, RecordJson.BaseUrl(context.Request));
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            shape.Write(writer, record, page.BaseUrl);
            writer.WriteEndObject();
        });
    }

    private static (IReadOnlyList<SimRecord> Records, int Total) Select(RecordStore store, SimEntity entity, TableQuery query, int offset, int size)
    {
        var since = query.UpdatedSince ?? SimRecord.Epoch;
        if (query.SysIds is { } sysIds)
        {
            var named = sysIds
                .Select(sysId => SysIds.TryParse(entity, sysId, out var index) ? store.Find(entity, entity.IdOf(index.Value)) : null)
                .OfType<SimRecord>()
                .Where(record => (record.ChangedAt ?? SimRecord.Epoch) >= since)
                .OrderBy(record => record.Index)
                .ToList();
            return ([.. named.Skip(offset).Take(size)], named.Count);
        }

        if (since > SimRecord.Epoch)
        {
            IReadOnlyList<SimRecord> changed = query.ByUpdatedOn
                ? [.. store.LiveChangedSince(entity, since).OrderBy(record => record.ChangedAt)]
                : store.LiveChangedSince(entity, since);
            return ([.. changed.Skip(offset).Take(size)], changed.Count);
        }

        return store.ReadLive(entity, offset, size);
    }

    /// <summary>first, prev, next and last, as ServiceNow sends them; none when one page holds everything.</summary>
    private static string? LinkHeader(HttpRequest request, ServedPage page)
    {
        var hasNext = page.Offset + page.Size < page.Total;
        if (page.Offset == 0 && !hasNext)
        {
            return null;
        }

        var links = new List<string> { Link(request, page, 0, "first") };
        if (page.Offset > 0)
        {
            links.Add(Link(request, page, Math.Max(0, page.Offset - page.Size), "prev"));
        }

        if (hasNext)
        {
            links.Add(Link(request, page, page.Offset + page.Size, "next"));
        }

        links.Add(Link(request, page, Math.Max(0, (page.Total - 1) / page.Size * page.Size), "last"));
        return string.Join(',', links);
    }

    private static string Link(HttpRequest request, ServedPage page, int offset, string relation)
    {
        var query = new QueryBuilder(request.Query
            .Where(parameter => parameter.Key != "sysparm_offset")
            .SelectMany(parameter => parameter.Value.Select(value => KeyValuePair.Create(parameter.Key, value ?? ""))))
        {
            { "sysparm_offset", offset.ToString(CultureInfo.InvariantCulture) },
        };
        return $"<{page.BaseUrl}{request.Path}{query.ToQueryString()}>;rel=\"{relation}\"";
    }
}
