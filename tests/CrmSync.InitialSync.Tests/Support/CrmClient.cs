using System.Net.Http.Json;

namespace CrmSync.InitialSync.Tests.Support;

/// <summary>A source record as the CRM simulator serves it: what Dataverse must end up holding.</summary>
public sealed record CrmRecord(string Id, int Version, string? Name, string? LastName, string? AccountId);

public sealed record CrmStats(long Requests, long Pages, long Records, long Throttled, long Failed, long Unauthorized);

/// <summary>Reads the CRM simulator the way a test checks the import against it: every record, and its counters.</summary>
public sealed class CrmClient(Uri simulatorUrl) : IDisposable
{
    private const int PageSize = 1000;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = simulatorUrl };

    /// <summary>Every record of <paramref name="entity"/> ("accounts" or "contacts"), by offset pages.</summary>
    public async Task<IReadOnlyList<CrmRecord>> AllAsync(string entity)
    {
        var records = new List<CrmRecord>();
        while (true)
        {
            var page = (await _http.GetFromJsonAsync<JsonObject>($"api/offset/{entity}?offset={records.Count}&limit={PageSize}"))!;
            var items = page["items"]!.AsArray();
            records.AddRange(items.Select(item => new CrmRecord(
                (string)item!["id"]!, (int)item["version"]!, (string?)item["name"], (string?)item["lastName"], (string?)item["accountId"])));
            if (items.Count < PageSize)
            {
                return records;
            }
        }
    }

    public async Task<CrmStats> StatsAsync() => (await _http.GetFromJsonAsync<CrmStats>("simulator/stats"))!;

    public void Dispose() => _http.Dispose();
}
