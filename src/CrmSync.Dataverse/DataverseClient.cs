using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmSync.Dataverse;

/// <summary>The Dataverse Web API calls CrmSync makes, over HttpClient (OData v4).</summary>
public sealed class DataverseClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>
    /// PATCH by primary key: creates or updates, so sending it twice has the effect of once. With an etag it is sent
    /// with If-Match, so it changes nothing if the row changed since; the answer carries the row's new etag.
    /// </summary>
    public async Task<WriteResult> UpsertAsync(DataverseTable table, Guid rowId, JsonObject body, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Patch, VersionedUrl(table, rowId));
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        AddWriteHeaders(request.Headers, isDelete: false, ifMatch);
        return await SendAsync(request, treatNotFoundAsWritten: false, cancellationToken);
    }

    /// <summary>DELETE by primary key, with If-Match when an etag is given; a row already gone counts as deleted.</summary>
    public async Task<WriteResult> DeleteAsync(DataverseTable table, Guid rowId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, $"{table.EntitySet}({rowId})");
        AddWriteHeaders(request.Headers, isDelete: true, ifMatch);
        return await SendAsync(request, treatNotFoundAsWritten: true, cancellationToken);
    }

    /// <summary>One row write, alone: its outcome as it concerns that row (a guarded upsert's 404 is an edit).</summary>
    public async Task<WriteResult> WriteAsync(RowWrite write, CancellationToken cancellationToken = default) =>
        WriteOutcomes.OfRow(write, write.Body is { } body
            ? await UpsertAsync(write.Table, write.RowId, body, write.ETag, cancellationToken)
            : await DeleteAsync(write.Table, write.RowId, write.ETag, cancellationToken));

    /// <summary>
    /// An upsert asks for its row back, trimmed to the versionnumber: the cheapest answer that carries the new etag
    /// (a 204 carries none; specs/dataverse.md §1, §9).
    /// </summary>
    internal static string VersionedUrl(DataverseTable table, Guid rowId) => $"{table.EntitySet}({rowId})?$select=versionnumber";

    /// <summary>The headers of a row write; a $batch part carries the same (<see cref="DataverseBatch"/>).</summary>
    private static void AddWriteHeaders(HttpHeaders headers, bool isDelete, string? ifMatch)
    {
        if (!isDelete)
        {
            headers.TryAddWithoutValidation("Prefer", "return=representation");
        }

        if (ifMatch is not null)
        {
            headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
    }

    /// <summary>
    /// UpsertMultiple for rows of one table, identified by their primary keys. All or nothing on
    /// standard tables: a refusal names one row but fails them all, so the caller falls back to $batch. Its items take no
    /// If-Match and its 204 gives no row's new versionnumber, so the writer sends only first writes in it.
    /// </summary>
    public async Task<WriteResult> UpsertMultipleAsync(DataverseTable table, IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken = default)
    {
        var targets = new JsonArray();
        foreach (var write in writes)
        {
            var target = write.Body!.DeepClone().AsObject();
            target["@odata.type"] = $"Microsoft.Dynamics.CRM.{table.LogicalName}";
            target[table.PrimaryKey] = write.RowId;
            targets.Add(target);
        }

        using var request = NewRequest(HttpMethod.Post, $"{table.EntitySet}/Microsoft.Dynamics.CRM.UpsertMultiple");
        request.Content = new StringContent(new JsonObject { ["Targets"] = targets }.ToJsonString(), Encoding.UTF8, "application/json");
        return await SendAsync(request, treatNotFoundAsWritten: false, cancellationToken);
    }

    /// <summary>Many row writes in one $batch with continue-on-error: each row learns its own outcome.</summary>
    public async Task<IReadOnlyList<WriteResult>> BatchAsync(IReadOnlyList<RowWrite> writes, CancellationToken cancellationToken = default)
    {
        using var request = DataverseBatch.BuildRequest(http.BaseAddress!, writes);
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Add("OData-Version", "4.0");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var whole = Classify(response, await DataverseError.ReadAsync(response, cancellationToken));
                DataverseTelemetry.RecordRequest("BATCH", whole.Status.ToString().ToLowerInvariant(), started);
                return writes.Select(_ => whole).ToList();
            }

            DataverseTelemetry.RecordRequest("BATCH", "written", started);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var remaining = RequestsRemaining(response);
            return DataverseBatch.ParseResponse(response.Content.Headers.ContentType?.ToString() ?? "", body, writes)
                .Select(result => result with { RequestsRemaining = remaining })
                .ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            DataverseTelemetry.RecordRequest("BATCH", "unreachable", started);
            var failed = new WriteResult(WriteStatus.Transient, $"Dataverse did not answer the $batch: {ex.Message}");
            return writes.Select(_ => failed).ToList();
        }
    }

    /// <summary>WhoAmI, and what comes with every answer: the server's advice on parallelism (x-ms-dop-hint) and the requests left in the window.</summary>
    public async Task<(Guid UserId, int? DopHint, int? RequestsRemaining)> WhoAmIAsync(CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, "WhoAmI");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DataverseException(await DataverseError.ReadAsync(response, cancellationToken));
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        int? hint = response.Headers.TryGetValues("x-ms-dop-hint", out var values) && int.TryParse(values.FirstOrDefault(), out var dop) ? dop : null;
        return (body["UserId"]!.GetValue<Guid>(), hint, RequestsRemaining(response));
    }

    /// <summary>GET by primary key, or null when there is no such row.</summary>
    public async Task<JsonObject?> GetAsync(DataverseTable table, Guid rowId, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, $"{table.EntitySet}({rowId})");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DataverseException(await DataverseError.ReadAsync(response, cancellationToken));
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }

    private static HttpRequestMessage NewRequest(HttpMethod method, string relativeUrl)
    {
        var request = new HttpRequestMessage(method, relativeUrl);
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Add("OData-Version", "4.0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>The id of a row that carries these source columns, made by anyone, or null.</summary>
    public async Task<Guid?> FindBySourceAsync(DataverseTable table, int sourceCrmValue, string sourceId, CancellationToken cancellationToken = default)
    {
        var filter = $"{DataverseTables.SourceCrm} eq {sourceCrmValue} and {DataverseTables.SourceCrmId} eq '{sourceId.Replace("'", "''")}'";
        var rows = await GetJsonAsync($"{table.EntitySet}?$select={table.PrimaryKey}&$filter={Uri.EscapeDataString(filter)}&$top=1", cancellationToken);
        return rows["value"]?.AsArray().FirstOrDefault()?[table.PrimaryKey]?.GetValue<Guid>();
    }

    /// <summary>GET of a collection or metadata path, relative to the Web API root.</summary>
    public async Task<JsonObject> GetJsonAsync(string relativeUrl, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, relativeUrl);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DataverseException(await DataverseError.ReadAsync(response, cancellationToken));
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }

    private async Task<WriteResult> SendAsync(HttpRequestMessage request, bool treatNotFoundAsWritten, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode || (treatNotFoundAsWritten && response.StatusCode == HttpStatusCode.NotFound))
            {
                DataverseTelemetry.RecordRequest(request.Method.Method, "written", started);
                return WriteResult.Written with { RequestsRemaining = RequestsRemaining(response), ETag = response.Headers.ETag?.ToString() };
            }

            var error = await DataverseError.ReadAsync(response, cancellationToken);
            var result = Classify(response, error);
            DataverseTelemetry.RecordRequest(request.Method.Method, result.Status.ToString().ToLowerInvariant(), started);
            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            DataverseTelemetry.RecordRequest(request.Method.Method, "unreachable", started);
            return new WriteResult(WriteStatus.Transient, $"Dataverse did not answer: {ex.Message}");
        }
    }

    private static WriteResult Classify(HttpResponseMessage response, DataverseError error) =>
        WriteOutcomes.Classify(error, RetryAfter(response)) with { RequestsRemaining = RequestsRemaining(response) };

    /// <summary>Dataverse sends it with every answer it counted, a refusal included (then 0); group separators allowed.</summary>
    internal static int? RequestsRemaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-ratelimit-burst-remaining-xrm-requests", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    internal static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
}

public sealed class DataverseException(DataverseError error) : Exception($"Dataverse answered {error}")
{
    public DataverseError Error => error;
}
