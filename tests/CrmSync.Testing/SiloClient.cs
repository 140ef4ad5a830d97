using System.Net.Http.Json;
using CrmSync.Abstractions;

namespace CrmSync.Testing;

/// <summary>Reads the silo's diagnostics over its HTTP endpoint.</summary>
public sealed class SiloClient(Uri siloUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = siloUrl, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The silo's diagnostics; with <paramref name="collect"/>, after a full, compacting GC in the silo.</summary>
    public async Task<SiloDiagnostics> ReadAsync(bool collect = false)
    {
        using var response = collect ? await _http.PostAsync("diagnostics/collect", null) : await _http.GetAsync("diagnostics");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<SiloDiagnostics>())!
            : throw new HttpRequestException($"The silo's {(collect ? "POST /diagnostics/collect" : "GET /diagnostics")} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}; ask a CrmSync silo from its own machine (diagnostics answer loopback callers only).");
    }

    /// <summary>The silos this silo's membership lists as active.</summary>
    public async Task<IReadOnlyList<string>> ActiveSilosAsync() =>
        (await _http.GetFromJsonAsync<SiloMembership>("diagnostics/silos"))!.Active;

    public void Dispose() => _http.Dispose();
}
