using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Testing;

/// <summary>Counters of the Dataverse emulator since it started (<c>GET /emulator/stats</c>).</summary>
public sealed record EmulatorStats(long Requests, long RecordsWritten, long Throttled, int MaxConcurrent);

/// <summary>
/// Reads what reached "Dataverse" the way anyone would: through the emulator's Web API, by the source columns.
/// With <paramref name="user"/>, its requests count against that user's service-protection limits
/// (<c>X-Emulator-User</c>), not against the limits of the silo's writer.
/// </summary>
public sealed class EmulatorClient(Uri baseUrl, string? user = null) : IDisposable
{
    public const string Accounts = "accounts";
    public const string Contacts = "contacts";

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1.5);

    private readonly HttpClient _http = Client(baseUrl, user);

    /// <summary>
    /// Every row of <paramref name="entitySet"/> that matches the OData <paramref name="filter"/>, following every next
    /// link; only the columns <paramref name="select"/> names (comma-separated) when given.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> RowsAsync(string entitySet, string filter, string? select = null)
    {
        var rows = new List<JsonObject>();
        string? next = $"api/data/v9.2/{entitySet}?$filter={Uri.EscapeDataString(filter)}{(select is null ? "" : $"&$select={select}")}";
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            rows.AddRange(page["value"]!.AsArray().Select(row => row!.AsObject()));
            next = (string?)page["@odata.nextLink"];
        }

        return rows;
    }

    /// <summary>The rows whose msdyn_source_crm_id starts with <paramref name="prefix"/>: one test's records.</summary>
    public Task<IReadOnlyList<JsonObject>> RowsWithSourceIdPrefixAsync(string entitySet, string prefix) =>
        RowsAsync(entitySet, $"startswith(msdyn_source_crm_id,{Literal(prefix)})");

    /// <summary>The row of a source record, or null; fails if there is more than one.</summary>
    public async Task<JsonObject?> RowAsync(string entitySet, string sourceId)
    {
        var rows = await RowsAsync(entitySet, $"msdyn_source_crm_id eq {Literal(sourceId)}");
        return rows.Count <= 1
            ? rows.SingleOrDefault()
            : throw new InvalidOperationException($"{rows.Count} {entitySet} rows have msdyn_source_crm_id '{sourceId}'; there must be at most one.");
    }

    /// <summary>Waits until the source record's row exists and, when given, satisfies <paramref name="condition"/> (which <paramref name="expectation"/> describes).</summary>
    public async Task<JsonObject> WaitForRowAsync(
        string entitySet,
        string sourceId,
        Func<JsonObject, bool>? condition = null,
        string expectation = "to exist",
        TimeSpan? timeout = null) =>
        (await Eventually.MatchesAsync(
            () => RowAsync(entitySet, sourceId),
            row => row is not null && (condition is null || condition(row)),
            $"the {entitySet} row of '{sourceId}' {expectation}",
            timeout))!;

    /// <summary>Waits until the source record has no row.</summary>
    public Task WaitForNoRowAsync(string entitySet, string sourceId, TimeSpan? timeout = null) =>
        Eventually.MatchesAsync(() => RowAsync(entitySet, sourceId), row => row is null, $"no {entitySet} row of '{sourceId}'", timeout);

    /// <summary>
    /// An account someone made in Dataverse with a record's source columns under another id: Dataverse refuses the
    /// record's own row (412, duplicate key), so the record is parked, until <see cref="DeleteAccountAsync"/> removes it.
    /// </summary>
    public async Task<Guid> MakeAccountByHandAsync(string sourceId)
    {
        var id = Guid.NewGuid();
        using var response = await _http.PostAsJsonAsync($"api/data/v9.2/{Accounts}", new Dictionary<string, object>
        {
            ["accountid"] = id,
            ["name"] = "Made by hand",
            ["msdyn_source_crm"] = CrmSyncResources.OtherSourceCrmValue,
            ["msdyn_source_crm_id"] = sourceId,
        });
        response.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Someone edits a row in Dataverse: a plain PATCH of <paramref name="columns"/>, which moves its versionnumber on.</summary>
    public async Task EditRowAsync(string entitySet, Guid rowId, object columns)
    {
        using var response = await _http.PatchAsJsonAsync($"api/data/v9.2/{entitySet}({rowId})", columns);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteAccountAsync(Guid id)
    {
        using var response = await _http.DeleteAsync($"api/data/v9.2/{Accounts}({id})");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Deletes a row as a person in Dataverse would, behind CrmSync's back.</summary>
    public async Task DeleteRowAsync(string entitySet, Guid id)
    {
        using var response = await _http.DeleteAsync($"api/data/v9.2/{entitySet}({id})");
        response.EnsureSuccessStatusCode();
    }

    public async Task<EmulatorStats> StatsAsync() =>
        await _http.GetFromJsonAsync<EmulatorStats>("emulator/stats")
        ?? throw new InvalidOperationException("GET /emulator/stats answered null.");

    /// <summary>Changes the service-protection limits in force (<c>POST /emulator/limits</c>): any of RequestsPerWindow, WindowSeconds, ExecutionSecondsPerWindow, MaxConcurrent, DopHint.</summary>
    public Task SetLimitsAsync(object limits) => PostAsync("emulator/limits", limits);

    /// <summary>Changes the injected faults (<c>POST /emulator/faults</c>): LatencyMilliseconds, ErrorRate.</summary>
    public Task SetFaultsAsync(object faults) => PostAsync("emulator/faults", faults);

    /// <summary>Waits until no row has been written for a while, so a test can tell that a write it must not cause did not happen.</summary>
    public async Task<EmulatorStats> WaitUntilWritesSettleAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Eventually.DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var last = await StatsAsync();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < QuietPeriod)
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Rows were still being written after {limit.TotalSeconds:0} s ({last.RecordsWritten} so far).");
            }

            await Task.Delay(100);
            var now = await StatsAsync();
            if (now.RecordsWritten != last.RecordsWritten)
            {
                quiet.Restart();
            }

            last = now;
        }

        return last;
    }

    /// <summary>From now on the emulator answers every Web API request with 503 for <paramref name="length"/>, as in a Dataverse outage.</summary>
    public async Task StartOutageAsync(TimeSpan length)
    {
        using var response = await _http.PostAsync($"emulator/outage?seconds={length.TotalSeconds}", null);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An OData string literal: quoted, with quotes doubled.</summary>
    private static string Literal(string text) => $"'{text.Replace("'", "''")}'";

    private static HttpClient Client(Uri baseUrl, string? user)
    {
        // No proxy: an http_proxy variable must not route loopback requests elsewhere.
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Add("X-Emulator-User", user);
        }

        return http;
    }

    private async Task PostAsync(string url, object body)
    {
        using var response = await _http.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }
    }

    private async Task<JsonObject> GetJsonAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body)!.AsObject()
            : throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
    }
}
