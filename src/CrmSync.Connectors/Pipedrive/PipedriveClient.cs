using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Pipedrive;

/// <summary>
/// Pipedrive's API v2 for the initial sync and polls: <c>GET /api/v2/{persons|organizations}?limit=500&amp;cursor=…</c>
/// (a poll's with <c>updated_since</c>, oldest update first), following <c>additional_data.next_cursor</c> until it is
/// null, with the API token in the <c>x-api-token</c> header.
/// </summary>
public sealed class PipedriveClient(CrmHttp http, CrmRetryPolicy policy, IOptionsMonitor<PipedriveSourceOptions> sources, SourceMappings mappings)
{
    private readonly ConcurrentDictionary<string, ICrmCredentials> credentials = new(StringComparer.OrdinalIgnoreCase);

    public PipedriveSourceOptions Options(string source)
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

    public PipedriveRecords Records(string source, string entity) =>
        new(Options(source).AppRoot, mappings.For(source, SourceKind.Pipedrive, entity));

    public Task<SourcePage> ReadPageAsync(string source, string entity, string? cursor, CancellationToken cancellationToken) =>
        ReadAsync(source, entity, "", cursor, "start the job again later to resume from this page", cancellationToken);

    /// <summary>A page of the records whose update_time is <paramref name="since"/> (to the second) or later, oldest update first.</summary>
    public Task<SourcePage> ReadChangedPageAsync(string source, string entity, DateTimeOffset since, string? cursor, CancellationToken cancellationToken)
    {
        var from = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return ReadAsync(source, entity, $"&updated_since={Uri.EscapeDataString(from)}&sort_by=update_time&sort_direction=asc", cursor, "the next round reads it again", cancellationToken);
    }

    private async Task<SourcePage> ReadAsync(string source, string entity, string filter, string? cursor, string resume, CancellationToken cancellationToken)
    {
        var options = Options(source);
        var records = Records(source, entity);
        var url = new Uri($"{options.Root}/api/v2/{records.Plural}?limit={options.PageSize}{filter}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
        var prefix = SourceSettings.Prefix(source);
        var call = new CrmCall($"{prefix}:ApiToken and that its user may see all {records.Plural}", resume);
        var api = new CrmApi(source, $"{prefix}:CompanyDomain", credentials.GetOrAdd(source, _ =>
            StaticCredentials.Header(source, "x-api-token", options.ApiToken!, $"check {prefix}:ApiToken")), policy);
        var response = await http.SendAsync(api, call, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                throw new SourceReadException($"{response.Url} of Pipedrive source '{source}' has no data array; check {prefix}:CompanyDomain or BaseUrl.");
            }

            var changes = data.ValueKind == JsonValueKind.Null ? [] : data.EnumerateArray().Select(record => records.ToChange(record, null, problem =>
                new SourceReadException($"{problem} at {response.Url} of Pipedrive source '{source}'; check {prefix}:Mapping:{entity}."))).ToList();
            var next = root.TryGetProperty("additional_data", out var more) && more.ValueKind == JsonValueKind.Object
                && more.TryGetProperty("next_cursor", out var nextCursor) && nextCursor.ValueKind == JsonValueKind.String && nextCursor.GetString() is { Length: > 0 } text
                ? text
                : null;
            return new SourcePage(changes, next);
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"{response.Url} of Pipedrive source '{source}' is not JSON ({ex.Message}); check {prefix}:CompanyDomain or BaseUrl.", ex);
        }
    }
}
