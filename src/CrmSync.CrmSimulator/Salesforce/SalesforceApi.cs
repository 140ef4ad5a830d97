using System.Globalization;
using System.Text.RegularExpressions;
using CrmSync.CrmSimulator.Control;
using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Paging;

namespace CrmSync.CrmSimulator.Salesforce;

/// <summary>
/// Salesforce's REST API as a sync uses it: the client credentials token, SOQL query with nextRecordsUrl paging,
/// the sobject GET, and getDeleted (<c>sobjects/{type}/deleted/?start=&amp;end=</c>, from the Recycle Bin). /services/data passes the ApiGate: counted, checked for a live token, and given queued faults.
/// </summary>
public static partial class SalesforceApi
{
    public const string DataPath = "/services/data";
    public const int DefaultBatchSize = 2000;

    public static IEndpointRouteBuilder MapSalesforceApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/services/oauth2/token", IssueTokenAsync).DisableAntiforgery();
        var data = endpoints.MapGroup(DataPath + "/{version}");
        data.MapGet("query", QueryAsync);
        data.MapGet("query/{locator}-{offset:int}", NextAsync);
        data.MapGet("sobjects/{type}/deleted", GetDeleted);
        data.MapGet("sobjects/{type}/{id}", GetRecordAsync);
        endpoints.MapGet("/lightning/r/{type}/{id}/view", (string type, string id, SalesforceRecycleBin bin) =>
            SalesforceIds.TryParseType(type, out var entity) && bin.Find(entity, id) is { } record
                ? Results.Redirect($"/ui/{entity.Plural()}/{record.Id}")
                : SalesforceJson.NotFound());
        return endpoints;
    }

    private static async Task<IResult> IssueTokenAsync(HttpRequest request, SalesforceSessions sessions, SimulatorStats stats)
    {
        stats.Token();
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        if (form?["grant_type"].ToString() != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "grant type not supported" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (sessions.Issue(form["client_id"].ToString(), form["client_secret"].ToString()) is not { } token)
        {
            return Results.Json(new { error = "invalid_client", error_description = "invalid client credentials" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var instanceUrl = RecordJson.BaseUrl(request);
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["instance_url"] = instanceUrl,
            ["id"] = $"{instanceUrl}/id/{sessions.Settings.OrganizationId}/005Dn0000000001AAA",
            ["token_type"] = "Bearer",
            ["issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["scope"] = "api",
        });
    }

    private static async Task<IResult> QueryAsync(string version, HttpContext context, SalesforceQueries queries, PageServer server)
    {
        if (!IsVersion(version))
        {
            return SalesforceJson.NotFound();
        }

        var (query, error) = Soql.Parse(context.Request.Query["q"]);
        if (error is not null)
        {
            return SalesforceJson.Error(StatusCodes.Status400BadRequest, error.ErrorCode, error.Message);
        }

        return await PageAsync(context, queries.Run(query!, version), 0, server);
    }

    private static async Task<IResult> NextAsync(string version, string locator, int offset, HttpContext context, SalesforceQueries queries, PageServer server) =>
        IsVersion(version) && queries.Find(locator) is { } cursor && offset >= 0 && offset <= cursor.Indexes.Length
            ? await PageAsync(context, cursor, offset, server)
            : SalesforceJson.Error(StatusCodes.Status400BadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator");

    private static async Task<IResult> GetRecordAsync(string version, string type, string id, HttpContext context, SalesforceRecycleBin bin, PageServer server)
    {
        if (!IsVersion(version) || !SalesforceIds.TryParseType(type, out var entity) || bin.Find(entity, id) is not { } record)
        {
            return SalesforceJson.NotFound();
        }

        await server.DelayAsync(context);
        var page = new ServedPage(entity, [record], 0, 1, 1, RecordJson.BaseUrl(context.Request));
        return server.Json(page, writer => SalesforceJson.WriteRecord(writer, record, SalesforceFields.Of(entity), version));
    }

    /// <summary>
    /// getDeleted: <c>{"deletedRecords":[{"id","deletedDate"}],"earliestDateAvailable","latestDateCovered"}</c> for the
    /// records deleted from start to end. Salesforce ignores the seconds of both; the simulator keeps them, since its
    /// records' clock moves one second a change.
    /// </summary>
    private static IResult GetDeleted(string version, string type, HttpRequest request, SalesforceRecycleBin bin)
    {
        if (!IsVersion(version) || !SalesforceIds.TryParseType(type, out var entity))
        {
            return SalesforceJson.NotFound();
        }

        if (!DateTimeOffset.TryParse(request.Query["start"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            || !DateTimeOffset.TryParse(request.Query["end"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end) || end <= start)
        {
            return SalesforceJson.Error(StatusCodes.Status400BadRequest, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 dateTimes, end after start");
        }

        var deleted = bin.DeletedBetween(entity, start, end);
        return Results.Json(new
        {
            deletedRecords = deleted.Select(record => new { id = SalesforceIds.IdOf(entity, record.Index), deletedDate = SalesforceFields.Modstamp(record.UpdatedAt) }),
            earliestDateAvailable = SalesforceFields.Modstamp(bin.EarliestAvailable),
            latestDateCovered = SalesforceFields.Modstamp(end),
        });
    }

    /// <summary>{"totalSize","done","nextRecordsUrl"?,"records"}: up to the batch size the client asked for in Sforce-Query-Options.</summary>
    private static async Task<IResult> PageAsync(HttpContext context, QueryCursor cursor, int offset, PageServer server)
    {
        await server.DelayAsync(context);
        var size = BatchSize(context.Request);
        var bin = context.RequestServices.GetRequiredService<SalesforceRecycleBin>();
        var entity = cursor.Query.Entity;
        var records = cursor.Indexes.Skip(offset).Take(size)
            .Select(index => bin.IsDeleted(entity, index) ? null : bin.Store.Find(entity, entity.IdOf(index)))
            .OfType<SimRecord>().ToList();
        var page = new ServedPage(entity, records, offset, size, cursor.Indexes.Length, RecordJson.BaseUrl(context.Request));
        var next = offset + size;
        return server.Json(page, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("totalSize", cursor.Indexes.Length);
            writer.WriteBoolean("done", next >= cursor.Indexes.Length);
            if (next < cursor.Indexes.Length)
            {
                writer.WriteString("nextRecordsUrl", $"{DataPath}/{cursor.ApiVersion}/query/{cursor.Locator}-{next}");
            }

            writer.WriteStartArray("records");
            foreach (var record in records)
            {
                SalesforceJson.WriteRecord(writer, record, cursor.Query.Fields, cursor.ApiVersion);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Salesforce's batchSize: 200 to 2,000, 2,000 when not asked for.</summary>
    private static int BatchSize(HttpRequest request) =>
        BatchSizeOption().Match(request.Headers["Sforce-Query-Options"].ToString()) is { Success: true } match
            ? Math.Clamp(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 200, DefaultBatchSize)
            : DefaultBatchSize;

    private static bool IsVersion(string version) => ApiVersion().IsMatch(version);

    [GeneratedRegex(@"^v\d{2,3}\.0$")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"batchSize\s*=\s*(\d{1,6})", RegexOptions.IgnoreCase)]
    private static partial Regex BatchSizeOption();
}
