using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.HubSpot;

/// <summary>
/// HubSpot's CRM v3 API for one kind: list pages for the initial sync, search and archived lists for polls, and
/// read-backs gathered into batch reads of up to 100 ids (HubSpot's limit per call), since every call counts against the
/// account's daily and ten-second limits.
/// </summary>
public sealed class HubSpotClient(
    IOptionsMonitor<HubSpotSourceOptions> sources,
    SourceMappings mappings,
    CrmHttp http,
    CrmRetryPolicy policy,
    TimeProvider clock)
{
    public const int PageSize = 100;
    public const int BatchSize = 100;
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<(string Source, string Entity), ReadBackBatcher> batchers = new();

    /// <summary>Batch-read requests sent so far, for tests and telemetry.</summary>
    public long ReadBackRequests => batchers.Values.Sum(b => b.Requests);

    public async Task<SourcePage> ReadPageAsync(string source, string entity, string? after, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var mapping = mappings.For(source, SourceKind.HubSpot, entity);
        var url = $"{Root(options)}crm/v3/objects/{HubSpotObjects.ApiType(entity)}?limit={PageSize}&archived=false"
            + $"&properties={Uri.EscapeDataString(string.Join(',', HubSpotMapping.Properties(mapping)))}"
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        var call = new CrmCall($"CrmSync:Sources:{source}:AccessToken and its scopes", "start the job again later to resume from this page");
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var document = Parse(source, response);
        var root = document.RootElement;
        var changes = Results(root, source, response.Url).Select(r => HubSpotRecords.Read(r, entity, mapping, options, Problem(source, response.Url))).ToList();
        return new SourcePage(changes, NextAfter(root));
    }

    /// <summary>One page of the records last modified at or after <paramref name="since"/>, oldest first, by search.</summary>
    public async Task<HubSpotSearchPage> SearchModifiedAsync(string source, string entity, DateTimeOffset since, string? after, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var mapping = mappings.For(source, SourceKind.HubSpot, entity);
        var property = HubSpotObjects.LastModifiedProperty(entity);
        var url = $"{Root(options)}crm/v3/objects/{HubSpotObjects.ApiType(entity)}/search";
        var body = new Dictionary<string, object>
        {
            ["filterGroups"] = new[] { new { filters = new[] { new { propertyName = property, @operator = "GTE", value = since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) } } } },
            ["sorts"] = new[] { new { propertyName = property, direction = "ASCENDING" } },
            ["properties"] = HubSpotMapping.Properties(mapping),
            ["limit"] = options.SearchPageSize,
        };
        if (after is not null)
        {
            body["after"] = after;
        }

        var call = new CrmCall($"CrmSync:Sources:{source}:AccessToken and its scopes", "the next round reads it again");
        var response = await http.SendAsync(Api(source, options, policy), call,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) }, cancellationToken);
        using var document = Parse(source, response);
        var results = Results(document.RootElement, source, response.Url);
        var changes = results.Select(r => HubSpotRecords.Read(r, entity, mapping, options, Problem(source, response.Url))).ToList();
        var lastModified = results.Count > 0 && results[^1].TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.String && updated.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
        return new HubSpotSearchPage(changes, NextAfter(document.RootElement), lastModified);
    }

    /// <summary>One page of the archived (deleted) records, each a delete at its <c>archivedAt</c>.</summary>
    public async Task<SourcePage> ReadArchivedPageAsync(string source, string entity, string? after, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var url = $"{Root(options)}crm/v3/objects/{HubSpotObjects.ApiType(entity)}?limit={PageSize}&archived=true&properties=hs_object_id"
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        var call = new CrmCall($"CrmSync:Sources:{source}:AccessToken and its scopes (or set CrmSync:Sources:{source}:PollDeletes to false)", "the next round reads it again");
        var response = await http.SendAsync(Api(source, options, policy), call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        using var document = Parse(source, response);
        var changes = Results(document.RootElement, source, response.Url).Select(record =>
            record.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && record.TryGetProperty("archivedAt", out var archivedAt) && ChangeValues.TryParseVersion(archivedAt, out var version)
                ? new RecordChange(entity, id.GetString()!, ChangeOperation.Delete, version, [])
                : throw Problem(source, response.Url)($"an archived {HubSpotObjects.ApiType(entity)} result has no string \"id\" or no RFC 3339 \"archivedAt\"")).ToList();
        return new SourcePage(changes, NextAfter(document.RootElement));
    }

    /// <summary>The record as HubSpot has it now (gathered with other read-backs into one batch read), or null when it is gone.</summary>
    public Task<RecordChange?> ReadBackAsync(string source, string entity, string id, CancellationToken cancellationToken) =>
        batchers.GetOrAdd((source, entity), key => new ReadBackBatcher(
            (ids, ct) => ReadManyAsync(key.Source, key.Entity, ids, ct), BatchSize, BatchDelay, clock)).ReadAsync(id, cancellationToken);

    private async Task<IReadOnlyDictionary<string, RecordChange>> ReadManyAsync(string source, string entity, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var mapping = mappings.For(source, SourceKind.HubSpot, entity);
        var url = $"{Root(options)}crm/v3/objects/{HubSpotObjects.ApiType(entity)}/batch/read";
        var body = new { properties = HubSpotMapping.Properties(mapping), inputs = ids.Select(id => new { id }) };
        var call = new CrmCall($"CrmSync:Sources:{source}:AccessToken and its scopes", "HubSpot sends the notification again");
        var response = await http.SendAsync(Api(source, options, policy.ForReadBack()), call,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) }, cancellationToken);
        using var document = Parse(source, response);
        // Ids HubSpot does not have come back under "errors" (207): the batcher reads their absence as a delete.
        return Results(document.RootElement, source, response.Url)
            .Select(r => HubSpotRecords.Read(r, entity, mapping, options, Problem(source, response.Url)))
            .ToDictionary(c => c.SourceId, StringComparer.Ordinal);
    }

    public HubSpotSourceOptions Options(string source)
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

    private static CrmApi Api(string source, HubSpotSourceOptions options, CrmRetryPolicy policy) => new(
        source, $"CrmSync:Sources:{source}:BaseUrl",
        StaticCredentials.Bearer(source, options.AccessToken!, $"check CrmSync:Sources:{source}:AccessToken, the private app's token"), policy);

    private static string Root(HubSpotSourceOptions options) => options.BaseUrl.TrimEnd('/') + "/";

    private static JsonDocument Parse(string source, CrmResponse response)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"HubSpot's answer at {response.Url} for source '{source}' is not JSON ({ex.Message}); check CrmSync:Sources:{source}:BaseUrl.", ex);
        }
    }

    private static string? NextAfter(JsonElement root) =>
        root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object
        && paging.TryGetProperty("next", out var nextPage) && nextPage.ValueKind == JsonValueKind.Object
        && nextPage.TryGetProperty("after", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;

    private static List<JsonElement> Results(JsonElement root, string source, Uri url) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array
            ? results.EnumerateArray().ToList()
            : throw Problem(source, url)("the answer has no \"results\" array");

    private static Func<string, Exception> Problem(string source, Uri url) =>
        what => new SourceReadException($"HubSpot's answer at {url} for source '{source}' is not what the CRM v3 API sends: {what}; check CrmSync:Sources:{source}:BaseUrl.");
}

/// <param name="After">The next page's <c>paging.next.after</c>; null on the last.</param>
/// <param name="LastModified">The page's last record's <c>updatedAt</c>, where a search continues past HubSpot's 10,000 results.</param>
public sealed record HubSpotSearchPage(IReadOnlyList<RecordChange> Changes, string? After, DateTimeOffset? LastModified);
