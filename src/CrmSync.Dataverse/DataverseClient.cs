using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmSync.Dataverse;

/// <summary>The Dataverse Web API calls CrmSync makes, over HttpClient (OData v4).</summary>
public sealed class DataverseClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>PATCH by primary key: creates or updates, so sending it twice has the effect of once.</summary>
    public async Task<WriteResult> UpsertAsync(DataverseTable table, Guid rowId, JsonObject body, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Patch, $"{table.EntitySet}({rowId})");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await SendAsync(request, treatNotFoundAsWritten: false, cancellationToken);
    }

    /// <summary>DELETE by primary key; a row already gone counts as deleted.</summary>
    public async Task<WriteResult> DeleteAsync(DataverseTable table, Guid rowId, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, $"{table.EntitySet}({rowId})");
        return await SendAsync(request, treatNotFoundAsWritten: true, cancellationToken);
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

    private async Task<WriteResult> SendAsync(HttpRequestMessage request, bool treatNotFoundAsWritten, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode || (treatNotFoundAsWritten && response.StatusCode == HttpStatusCode.NotFound))
            {
                DataverseTelemetry.RecordRequest(request.Method.Method, "written", started);
                return WriteResult.Written;
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

    private static WriteResult Classify(HttpResponseMessage response, DataverseError error)
    {
        var status = (int)response.StatusCode;
        // Throttling, server faults and auth problems are not the row's fault: the same write succeeds later.
        if (status is 429 or 408 or 401 or 403 || status >= 500)
        {
            return new WriteResult(WriteStatus.Transient, error.ToString(), RetryAfter(response));
        }

        if (status == 404 && error.Code is DataverseError.RecordNotFoundById or DataverseError.RecordNotFoundByKey)
        {
            return new WriteResult(WriteStatus.MissingParent, error.ToString());
        }

        return new WriteResult(WriteStatus.Refused, error.ToString());
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
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
