using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.ServiceNow;

/// <summary>
/// ServiceNow's Table API for one kind of caller after another: pages of the initial sync (<c>ORDERBYsys_id</c>,
/// offset paging, the <c>Link</c> header and <c>X-Total-Count</c>) and batched read-backs (<c>sys_idIN</c>), each asking
/// only for the fields the mapping reads, with references as plain sys_ids.
/// </summary>
public sealed class ServiceNowClient(
    CrmHttp http, CrmRetryPolicy policy, IOptionsMonitor<ServiceNowSourceOptions> sources, SourceMappings mappings,
    IHttpClientFactory clients, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ICrmCredentials> credentials = new(StringComparer.OrdinalIgnoreCase);

    public ServiceNowSourceOptions Options(string source)
    {
        try
        {
            return sources.Get(source);
        }
        catch (OptionsValidationException ex)
        {
            throw new SourceReadException(string.Join(" ", ex.Failures), ex);
        }
    }

    public ServiceNowRecords Records(string source, string entity)
    {
        var options = Options(source);
        return new ServiceNowRecords(options.Instance!, options.TableOf(entity), mappings.For(source, SourceKind.ServiceNow, entity));
    }

    /// <param name="cursor">The offset of the page, as the previous page's answer gave it; null for the first.</param>
    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        ReadPageAsync(source, entity, "ORDERBYsys_id", cursor, cancellationToken);

    /// <summary>
    /// A page of the records updated at or after <paramref name="since"/> (whole seconds, as sys_updated_on keeps them),
    /// oldest change first, so records changed while the round pages move to its end rather than shift its offsets.
    /// </summary>
    public Task<SourcePage> ReadChangedPageAsync(string source, string entity, DateTimeOffset since, string? cursor, CancellationToken cancellationToken) =>
        ReadPageAsync(source, entity, $"sys_updated_on>={since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}^ORDERBYsys_updated_on^ORDERBYsys_id", cursor, cancellationToken);

    private async Task<SourcePage> ReadPageAsync(string source, string entity, string query, string? cursor, CancellationToken cancellationToken)
    {
        var offset = 0;
        if (cursor is not null && !int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw new SourceReadException($"'{cursor}' is not a page of ServiceNow source '{source}'; start its sync again from the first page.");
        }

        var options = Options(source);
        var records = Records(source, entity);
        var url = TableUrl(options, entity, query, records.Fields, options.PageSize, offset);
        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Tables:{entity} and the account's read access to {options.TableOf(entity)}", "start the job again later to resume from this page");
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        var changes = ReadResult(source, response, records);
        long? total = response.Headers.TryGetValues("X-Total-Count", out var counts) && long.TryParse(counts.FirstOrDefault(), out var count) ? count : null;
        var hasNext = response.Headers.TryGetValues("Link", out var links)
            ? links.Any(link => link.Contains("rel=\"next\"", StringComparison.Ordinal))
            : total > offset + changes.Count;
        var next = hasNext && changes.Count > 0 ? (offset + changes.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new SourcePage(changes, next, total);
    }

    /// <summary>
    /// A page of the entity's deletions at or after <paramref name="since"/> from <c>sys_audit_delete</c>, oldest first,
    /// as deletes versioned by <see cref="ServiceNowVersion.OfAuditedDelete"/>; null for the next offset on the last page.
    /// </summary>
    public async Task<SourcePage> ReadDeletedPageAsync(string source, string entity, DateTimeOffset since, int offset, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var table = options.TableOf(entity);
        var query = $"tablename={table}^sys_created_on>={since.UtcDateTime.ToString(ServiceNowVersion.TimeFormat, CultureInfo.InvariantCulture)}^ORDERBYsys_created_on";
        var url = new Uri($"{options.Instance!.TrimEnd('/')}/api/now/table/sys_audit_delete?sysparm_query={Uri.EscapeDataString(query)}" +
            $"&sysparm_fields=documentkey,sys_created_on&sysparm_limit={options.PageSize}&sysparm_offset={offset}");
        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Auth's read access to sys_audit_delete (or set {SourceSettings.Prefix(source)}:PollDeletes to false)", "the next round reads it again");
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        var deletes = ReadRows(source, response, row =>
            ServiceNowRecords.Text(row, "documentkey") is { } sysId && ServiceNowVersion.IsSysId(sysId)
            && ServiceNowVersion.TryParseTime(ServiceNowRecords.Text(row, "sys_created_on"), out var deletedOn)
                ? new RecordChange(entity, sysId, ChangeOperation.Delete, ServiceNowVersion.OfAuditedDelete(deletedOn), [])
                : throw new SourceReadException($"A row of {response.Url} of ServiceNow source '{source}' has no documentkey sys_id or sys_created_on time; check {SourceSettings.Prefix(source)}:Instance."));

        long? total = response.Headers.TryGetValues("X-Total-Count", out var counts) && long.TryParse(counts.FirstOrDefault(), out var count) ? count : null;
        var next = deletes.Count > 0 && (total is { } all ? offset + deletes.Count < all : deletes.Count >= options.PageSize)
            ? (offset + deletes.Count).ToString(CultureInfo.InvariantCulture)
            : null;
        return new SourcePage(deletes, next, total);
    }

    /// <summary>The named records as the CRM has them now, by sys_id; one it lacks was deleted.</summary>
    public async Task<IReadOnlyDictionary<string, RecordChange>> ReadManyAsync(string source, string entity, IReadOnlyList<string> sysIds, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var records = Records(source, entity);
        var url = TableUrl(options, entity, $"sys_idIN{string.Join(',', sysIds)}^ORDERBYsys_id", records.Fields, sysIds.Count, 0);
        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Auth and its read access to {options.TableOf(entity)}", "the CRM will send the notification again");
        var response = await http.SendAsync(Api(source, options, policy.ForReadBack()), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        return ReadResult(source, response, records).ToDictionary(change => change.SourceId, StringComparer.OrdinalIgnoreCase);
    }

    private static Uri TableUrl(ServiceNowSourceOptions options, string entity, string query, string fields, int limit, int offset) =>
        new($"{options.Instance!.TrimEnd('/')}/api/now/table/{Uri.EscapeDataString(options.TableOf(entity))}" +
            $"?sysparm_query={Uri.EscapeDataString(query)}&sysparm_fields={Uri.EscapeDataString(fields)}" +
            $"&sysparm_exclude_reference_link=true&sysparm_limit={limit}&sysparm_offset={offset}");

    private static List<RecordChange> ReadResult(string source, CrmResponse response, ServiceNowRecords records) =>
        ReadRows(source, response, record =>
            records.ToChange(record, problem => new SourceReadException($"{problem} at {response.Url} of ServiceNow source '{source}'; check {SourceSettings.Prefix(source)}:Mapping:{records.Entity}.")));

    private static List<T> ReadRows<T>(string source, CrmResponse response, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (!document.RootElement.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                throw new SourceReadException($"{response.Url} of ServiceNow source '{source}' has no result array; check {SourceSettings.Prefix(source)}:Instance points at the instance.");
            }

            return [.. result.EnumerateArray().Select(read)];
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"{response.Url} of ServiceNow source '{source}' is not JSON ({ex.Message}); check {SourceSettings.Prefix(source)}:Instance points at the instance's API.", ex);
        }
    }

    private CrmApi Api(string source, ServiceNowSourceOptions options, CrmRetryPolicy retries) =>
        new(source, $"{SourceSettings.Prefix(source)}:Instance", credentials.GetOrAdd(source, _ => Credentials(source, options)), retries);

    private ICrmCredentials Credentials(string source, ServiceNowSourceOptions options)
    {
        var settings = $"{SourceSettings.Prefix(source)}:Auth";
        var auth = options.Auth;
        return string.Equals(auth.Type, nameof(ServiceNowAuthType.OAuth), StringComparison.OrdinalIgnoreCase)
            ? new OAuthClientCredentials(clients, clock, new Uri($"{options.Instance!.TrimEnd('/')}/oauth_token.do"), auth.ClientId!, auth.ClientSecret!, settings)
            : StaticCredentials.Basic(source, auth.Username!, auth.Password!, $"check {settings}:Username and {settings}:Password");
    }
}
