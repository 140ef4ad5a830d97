using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Zendesk;

/// <summary>
/// Zendesk's REST API: pages of the initial sync (cursor pagination, <c>page[size]=100</c>, following
/// <c>links.next</c> while <c>meta.has_more</c>) and batched read-backs (<c>show_many?ids=</c>, up to 100 a call).
/// Users are listed whether or not they belong to an organization. Polls read the time-based incremental export.
/// </summary>
public sealed class ZendeskClient(CrmHttp http, CrmRetryPolicy policy, IOptionsMonitor<ZendeskSourceOptions> sources, SourceMappings mappings)
{
    public const int PageSize = 100;

    private readonly ConcurrentDictionary<string, ICrmCredentials> credentials = new(StringComparer.OrdinalIgnoreCase);

    public ZendeskSourceOptions Options(string source)
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

    public ZendeskRecords Records(string source, string entity) =>
        new(Options(source).AgentRoot, mappings.For(source, SourceKind.Zendesk, entity));

    /// <param name="cursor">The previous page's <c>links.next</c>; null for the first page.</param>
    public async Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var records = Records(source, entity);
        var first = $"{options.Root}/api/v2/{records.Plural}.json?page[size]={PageSize}";
        if (cursor is not null && !cursor.StartsWith($"{options.Root}/api/v2/{records.Plural}", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceReadException($"'{cursor}' is not a page of Zendesk source '{source}'; start its sync again from the first page.");
        }

        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Email, ApiToken or Token, and that the agent may list {records.Plural}", "start the job again later to resume from this page");
        var url = new Uri(cursor ?? first);
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var document = Parse(source, response);
        var root = document.RootElement;
        var changes = Changes(source, response, root, records);
        var hasMore = root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
        var next = hasMore && root.TryGetProperty("links", out var links) && links.TryGetProperty("next", out var link) && link.ValueKind == JsonValueKind.String
            ? link.GetString()
            : null;
        return new SourcePage(changes, next);
    }

    /// <summary>
    /// One page of the time-based incremental export (<c>/api/v2/incremental/{users|organizations}.json</c>) from
    /// <paramref name="startTime"/>, or the previous page's <c>next_page</c>, deleted records included.
    /// </summary>
    public async Task<ZendeskExportPage> ReadExportPageAsync(string source, string entity, DateTimeOffset startTime, string? nextPage, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var records = Records(source, entity);
        var export = $"{options.Root}/api/v2/incremental/{records.Plural}.json";
        if (nextPage is not null && !nextPage.StartsWith(export, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceReadException($"'{nextPage}' is not a page of Zendesk source '{source}''s {records.Plural} export; the next round starts again from the watermark.");
        }

        var url = new Uri(nextPage ?? $"{export}?per_page={options.ExportPageSize}&start_time={startTime.ToUnixTimeSeconds()}");
        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Subdomain or BaseUrl, its Email, ApiToken or Token, and that the agent is an admin (incremental exports are admin only)", "the next round reads it again");
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var document = Parse(source, response);
        var root = document.RootElement;
        var changes = Changes(source, response, root, records);
        var endOfStream = !root.TryGetProperty("end_of_stream", out var end) || end.ValueKind != JsonValueKind.False;
        var next = !endOfStream && root.TryGetProperty("next_page", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        var endTime = root.TryGetProperty("end_time", out var time) && time.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        return new ZendeskExportPage(changes, next, endTime);
    }

    /// <summary>The named records as Zendesk has them now, by id; an id the answer lacks was deleted.</summary>
    public async Task<IReadOnlyDictionary<string, RecordChange>> ReadManyAsync(string source, string entity, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var records = Records(source, entity);
        var url = new Uri($"{options.Root}/api/v2/{records.Plural}/show_many.json?ids={string.Join(',', ids)}");
        var call = new CrmCall($"{SourceSettings.Prefix(source)}:Email, ApiToken or Token, and that the agent may read {records.Plural}", "Zendesk will send the event again");
        var response = await http.SendAsync(Api(source, options, policy.ForReadBack()), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var document = Parse(source, response);
        return Changes(source, response, document.RootElement, records).ToDictionary(change => change.SourceId, StringComparer.Ordinal);
    }

    private static JsonDocument Parse(string source, CrmResponse response)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"{response.Url} of Zendesk source '{source}' is not JSON ({ex.Message}); check {SourceSettings.Prefix(source)}:Subdomain or BaseUrl.", ex);
        }
    }

    private static List<RecordChange> Changes(string source, CrmResponse response, JsonElement root, ZendeskRecords records)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(records.Plural, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new SourceReadException($"{response.Url} of Zendesk source '{source}' has no {records.Plural} array; check {SourceSettings.Prefix(source)}:Subdomain or BaseUrl.");
        }

        return [.. list.EnumerateArray().Select(record => records.ToChange(record, problem =>
            new SourceReadException($"{problem} at {response.Url} of Zendesk source '{source}'; check {SourceSettings.Prefix(source)}:Mapping:{records.Entity}.")))];
    }

    private CrmApi Api(string source, ZendeskSourceOptions options, CrmRetryPolicy retries) =>
        new(source, $"{SourceSettings.Prefix(source)}:Subdomain", credentials.GetOrAdd(source, _ => Credentials(source, options)), retries);

    private static StaticCredentials Credentials(string source, ZendeskSourceOptions options)
    {
        var prefix = SourceSettings.Prefix(source);
        return options.Token is { Length: > 0 } token
            ? StaticCredentials.Bearer(source, token, $"check {prefix}:Token is a live OAuth access token with the read scope")
            : StaticCredentials.Basic(source, $"{options.Email}/token", options.ApiToken!, $"check {prefix}:Email and {prefix}:ApiToken (Admin Center › Apps and integrations › Zendesk API)");
    }
}

/// <param name="NextPage">The export's <c>next_page</c> while it is not at <c>end_of_stream</c>.</param>
/// <param name="EndTime">The export's <c>end_time</c>: the newest change it has listed, by Zendesk's clock.</param>
public sealed record ZendeskExportPage(IReadOnlyList<RecordChange> Changes, string? NextPage, DateTimeOffset? EndTime);
