using System.Collections.Concurrent;
using System.Text.Json;
using CrmSync.Dataverse;
using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Dynamics365;

/// <summary>
/// The source organisation's Web API: pages for the initial sync (<c>Prefer: odata.maxpagesize</c>, following
/// <c>@odata.nextLink</c>), read-backs gathered into one <c>$filter</c> on up to 50 ids, and change tracking.
/// </summary>
public sealed class Dynamics365Client(
    IOptionsMonitor<Dynamics365SourceOptions> sources,
    SourceMappings mappings,
    CrmHttp http,
    CrmRetryPolicy policy,
    TimeProvider clock)
{
    public const int BatchSize = 50;
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Dynamics365Credentials> credentials = new();
    private readonly ConcurrentDictionary<(string Source, string Entity), ReadBackBatcher> batchers = new();

    public async Task<SourcePage> ReadPageAsync(string source, string entity, string? nextLink, CancellationToken cancellationToken)
    {
        var (options, connection, mapping) = Resolve(source, entity);
        var url = nextLink ?? $"{connection.WebApiBase}{DataverseTables.For(entity).EntitySet}?$select={Dynamics365Mapping.Select(mapping)}";
        var page = await GetAsync(source, connection, url, $"odata.maxpagesize={options.PageSize}", policy, "start the job again later to resume from this page", cancellationToken);
        using var document = Parse(source, page);
        var changes = Rows(document.RootElement, source, page.Url).Select(r => Dynamics365Records.Read(r, entity, mapping, connection.Url, Problem(source, page.Url))).ToList();
        return new SourcePage(changes, Text(document.RootElement, "@odata.nextLink"));
    }

    /// <summary>The row as the organisation has it now (read with others in one request), or null when it is gone.</summary>
    public Task<RecordChange?> ReadBackAsync(string source, string entity, Guid id, CancellationToken cancellationToken) =>
        batchers.GetOrAdd((source, entity), key => new ReadBackBatcher(
            (ids, ct) => ReadManyAsync(key.Source, key.Entity, ids, ct), BatchSize, BatchDelay, clock)).ReadAsync(Dynamics365Records.Id(id), cancellationToken);

    /// <summary>
    /// Changes since <paramref name="deltaLink"/> (null: start tracking, which answers every row), and the link to ask
    /// next time. An expired token is answered with a full re-read, flagged in <see cref="Delta.Restarted"/>.
    /// </summary>
    public async Task<Delta> ReadChangesAsync(string source, string entity, string? deltaLink, CancellationToken cancellationToken)
    {
        var (_, connection, mapping) = Resolve(source, entity);
        var start = $"{connection.WebApiBase}{DataverseTables.For(entity).EntitySet}?$select={Dynamics365Mapping.Select(mapping)}";
        var answer = await GetAsync(source, connection, deltaLink ?? start, "odata.track-changes", policy, "pull again later", cancellationToken, refusalIsAnswer: true);
        // Dataverse refuses an expired (or unknown) delta token; starting over re-reads every row, which is safe.
        var restarted = !answer.IsSuccess && deltaLink is not null;
        if (!answer.IsSuccess)
        {
            answer = await GetAsync(source, connection, start, "odata.track-changes", policy, "pull again later", cancellationToken);
        }

        using var document = Parse(source, answer);
        var next = Text(document.RootElement, "@odata.deltaLink") ?? throw Problem(source, answer.Url)("the answer has no @odata.deltaLink; check that change tracking is on for the table");
        var changes = Dynamics365Delta.Read(document.RootElement, entity, mapping, connection.Url, next, Problem(source, answer.Url));
        return new Delta(changes, next, restarted);
    }

    private async Task<IReadOnlyDictionary<string, RecordChange>> ReadManyAsync(string source, string entity, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var (_, connection, mapping) = Resolve(source, entity);
        var table = DataverseTables.For(entity);
        var filter = string.Join(" or ", ids.Select(id => $"{table.PrimaryKey} eq {id}"));
        var url = $"{connection.WebApiBase}{table.EntitySet}?$select={Dynamics365Mapping.Select(mapping)}&$filter={Uri.EscapeDataString(filter)}";
        var answer = await GetAsync(source, connection, url, null, policy.ForReadBack(), "the webhook is sent again", cancellationToken);
        using var document = Parse(source, answer);
        return Rows(document.RootElement, source, answer.Url).Select(r => Dynamics365Records.Read(r, entity, mapping, connection.Url, Problem(source, answer.Url)))
            .ToDictionary(c => c.SourceId, StringComparer.Ordinal);
    }

    private Task<CrmResponse> GetAsync(string source, DataverseConnection connection, string url, string? prefer, CrmRetryPolicy retries, string resume, CancellationToken cancellationToken, bool refusalIsAnswer = false) =>
        http.SendAsync(Api(source, connection, retries), new CrmCall($"CrmSync:Sources:{source}:ConnectionString and the application user's security role", resume, ClientErrorIsAnswer: refusalIsAnswer),
            () => Get(url, prefer), cancellationToken);

    /// <summary>Every read asks for each lookup's table: a contact's parent may be a contact, which is no account to bind.</summary>
    private static HttpRequestMessage Get(string url, string? prefer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("OData-Version", "4.0");
        request.Headers.Add("OData-MaxVersion", "4.0");
        var annotations = $"odata.include-annotations=\"{Dynamics365Records.LookupLogicalName}\"";
        request.Headers.TryAddWithoutValidation("Prefer", prefer is null ? annotations : $"{prefer},{annotations}");
        return request;
    }

    private CrmApi Api(string source, DataverseConnection connection, CrmRetryPolicy retries) =>
        new(source, $"CrmSync:Sources:{source}:ConnectionString", credentials.GetOrAdd(source, _ => new Dynamics365Credentials(source, connection)), retries);

    private (Dynamics365SourceOptions Options, DataverseConnection Connection, FieldMapping Mapping) Resolve(string source, string entity)
    {
        try
        {
            var options = sources.Get(source);
            return (options, options.Connection, mappings.For(source, SourceKind.Dynamics365, entity));
        }
        catch (OptionsValidationException ex)
        {
            throw new SourceReadException(string.Join(" ", ex.Failures), ex);
        }
    }

    private static JsonDocument Parse(string source, CrmResponse response)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            throw new SourceReadException($"The answer at {response.Url} for source '{source}' is not JSON ({ex.Message}); check CrmSync:Sources:{source}:ConnectionString's Url.", ex);
        }
    }

    private static IEnumerable<JsonElement> Rows(JsonElement root, string source, Uri url) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : throw Problem(source, url)("the answer has no \"value\" array");

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Func<string, Exception> Problem(string source, Uri url) =>
        what => new SourceReadException($"The answer at {url} for source '{source}' is not what Dataverse's Web API sends: {what}.");
}

/// <param name="Restarted">The token had expired, so these changes are a full re-read.</param>
public sealed record Delta(IReadOnlyList<RecordChange> Changes, string NextLink, bool Restarted);
