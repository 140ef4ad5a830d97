using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Salesforce;

/// <summary>One page of a SOQL query: its records, the relative URL of the next page (null on the last), and totalSize.</summary>
public sealed record QueryPage(IReadOnlyList<SalesforceRecord> Records, string? NextRecordsUrl, long TotalSize);

/// <summary>getDeleted's answer: the deletions listed, and the earliest time it still lists deletions from, when it says.</summary>
public sealed record SalesforceDeletions(IReadOnlyList<RecordChange> Changes, DateTimeOffset? EarliestAvailable);

/// <summary>
/// Salesforce's REST API for one process: an OAuth client-credentials token per source, kept and renewed on a 401
/// through the shared credentials, SOQL queries paged with <c>nextRecordsUrl</c>, and reads of named records.
/// </summary>
public sealed class SalesforceClient(CrmHttp http, CrmRetryPolicy policy, IHttpClientFactory clients, TimeProvider clock, IOptionsMonitor<SalesforceSourceOptions> sources)
{
    /// <summary>A SOQL IN list of 200 ids stays well inside Salesforce's query length limit.</summary>
    public const int MaxIdsPerQuery = 200;

    private readonly ConcurrentDictionary<string, ICrmCredentials> credentials = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The source's settings; a source whose settings are wrong cannot be read, and the error says why.</summary>
    public SalesforceSourceOptions Settings(string source)
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

    /// <summary>The first page's URL: <c>SELECT Id, SystemModstamp, fields FROM Type</c>, optionally filtered.</summary>
    public string QueryUrl(string source, string entity, IEnumerable<string> fields, string? where = null)
    {
        var select = new[] { "Id", "SystemModstamp" }.Concat(fields).Distinct(StringComparer.OrdinalIgnoreCase);
        var soql = $"SELECT {string.Join(", ", select)} FROM {SalesforceObjects.TypeOf(entity)}{(where is null ? "" : " WHERE " + where)}";
        return $"/services/data/{Settings(source).ApiVersion}/query?q={Uri.EscapeDataString(soql)}";
    }

    /// <summary>GETs a query page; <paramref name="url"/> is relative to the instance, as nextRecordsUrl is.</summary>
    public async Task<QueryPage> QueryAsync(string source, string url, bool forReadBack, CancellationToken cancellationToken)
    {
        var settings = Settings(source);
        var prefix = SourceSettings.Prefix(source);
        if (!Uri.TryCreate(settings.Instance, url, out var absolute) || absolute.GetLeftPart(UriPartial.Authority) != settings.Instance.GetLeftPart(UriPartial.Authority))
        {
            throw new SourceReadException($"'{url}' is not a query page of {settings.InstanceUrl}; start the sync of source '{source}' again from the beginning.");
        }

        var api = new CrmApi(source, $"{prefix}:InstanceUrl", Credentials(source, settings), forReadBack ? policy.ForReadBack() : policy);
        var call = new CrmCall($"{prefix}:ApiVersion and {prefix}:Mapping (each field must exist and be readable by the connected app's user)",
            forReadBack ? "the CRM sends the notification again" : "start the job again later to resume from this page");
        var response = await http.SendAsync(api, call, () => new HttpRequestMessage(HttpMethod.Get, absolute), cancellationToken);
        return ParsePage(source, absolute, response.Body);
    }

    /// <summary>The records with these ids (18 characters) as they are now; a deleted one is not among them.</summary>
    public async Task<IReadOnlyList<SalesforceRecord>> ReadByIdsAsync(string source, string entity, IReadOnlyList<string> ids, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        var records = new List<SalesforceRecord>();
        string? url = QueryUrl(source, entity, fields, $"Id IN ({string.Join(", ", ids.Select(id => $"'{id}'"))})");
        while (url is not null)
        {
            var page = await QueryAsync(source, url, forReadBack: true, cancellationToken);
            records.AddRange(page.Records);
            url = page.NextRecordsUrl;
        }

        return records;
    }

    /// <summary>
    /// getDeleted: the records deleted from <paramref name="start"/> to <paramref name="end"/>, each a delete at its
    /// <c>deletedDate</c>, and <c>earliestDateAvailable</c>: Salesforce keeps deletions for 15 days at most and may purge
    /// them sooner, so those before that time are no longer listed.
    /// </summary>
    public async Task<SalesforceDeletions> ReadDeletedAsync(string source, string entity, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var settings = Settings(source);
        var prefix = SourceSettings.Prefix(source);
        var url = new Uri(settings.Instance, $"services/data/{settings.ApiVersion}/sobjects/{SalesforceObjects.TypeOf(entity)}/deleted/?start={Uri.EscapeDataString(DateTime(start))}&end={Uri.EscapeDataString(DateTime(end))}");
        var api = new CrmApi(source, $"{prefix}:InstanceUrl", Credentials(source, settings), policy);
        var call = new CrmCall($"{prefix}:ApiVersion and that the connected app's user may read deleted {SalesforceObjects.TypeOf(entity)} records (or set {prefix}:PollDeletes to false)", "the next round reads it again");
        var response = await http.SendAsync(api, call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        SourceReadException Fail(string problem) => new($"getDeleted {url} of source '{source}' {problem}; check that the InstanceUrl points at the org's My Domain.");
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("deletedRecords", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw Fail("has no deletedRecords array");
            }

            var earliest = root.TryGetProperty("earliestDateAvailable", out var available) && available.ValueKind == JsonValueKind.String
                && SalesforceModstamp.TryParseTime(available.GetString(), out var time) ? time : (DateTimeOffset?)null;
            return new SalesforceDeletions([.. records.EnumerateArray().Select((record, index) =>
                record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var id) && SalesforceIds.Normalize(id.GetString()) is { } normalized
                && record.TryGetProperty("deletedDate", out var deletedDate) && SalesforceModstamp.TryParse(deletedDate.GetString(), out var version)
                    ? new RecordChange(entity, normalized, ChangeOperation.Delete, version, [])
                    : throw Fail($"holds deletedRecords[{index}] without an id and a deletedDate"))], earliest);
        }
        catch (JsonException ex)
        {
            throw Fail($"is not JSON ({ex.Message})");
        }
        catch (InvalidOperationException ex)
        {
            throw Fail($"holds a deletedRecords entry whose id or deletedDate is not a string ({ex.Message})");
        }
    }

    private static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);

    private ICrmCredentials Credentials(string source, SalesforceSourceOptions settings) =>
        credentials.GetOrAdd(source, _ => new OAuthClientCredentials(clients, clock, new Uri(settings.Instance, "services/oauth2/token"),
            settings.ClientId!, settings.ClientSecret!, SourceSettings.Prefix(source)));

    private static QueryPage ParsePage(string source, Uri url, byte[] body)
    {
        SourceReadException Fail(string problem) => new($"Query page {url} of source '{source}' {problem}; check that the InstanceUrl points at the org's My Domain.");
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw Fail("has no records array");
            }

            var done = root.TryGetProperty("done", out var doneElement) && doneElement.ValueKind == JsonValueKind.True;
            var next = root.TryGetProperty("nextRecordsUrl", out var nextElement) && nextElement.ValueKind == JsonValueKind.String ? nextElement.GetString() : null;
            if (!done && next is null)
            {
                throw Fail("says it is not done but gives no nextRecordsUrl");
            }

            var total = root.TryGetProperty("totalSize", out var totalElement) && totalElement.TryGetInt64(out var t) ? t : 0;
            var parsed = records.EnumerateArray().Select((record, index) => SalesforceRecord.Read(record, false, $"records[{index}]", problem => Fail($"holds a record Salesforce would not send ({problem})"))).ToList();
            return new QueryPage(parsed, done ? null : next, total);
        }
        catch (JsonException ex)
        {
            throw Fail($"is not JSON ({ex.Message})");
        }
    }
}
