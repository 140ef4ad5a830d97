using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.Dataverse.Tests;

/// <summary>A Dataverse emulator on a loopback port, with its own database, and a client pointed at it.</summary>
public sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crmsync-dataverse-").FullName;
    private WebApplication _emulator = null!;

    public DataverseClient Client { get; private set; } = null!;

    public DataverseConnection Connection { get; private set; } = null!;

    public static async Task<EmulatorFixture> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var fixture = new EmulatorFixture();
        fixture._emulator = await EmulatorHost.StartAsync(Path.Combine(fixture._directory, "dataverse.db"), settings: settings);
        fixture.Connection = DataverseConnection.Parse($"Url={fixture._emulator.GetBaseAddress()}");
        fixture.Client = new DataverseClient(new HttpClient { BaseAddress = fixture.Connection.WebApiBase });
        return fixture;
    }

    /// <summary>The emulator's counters (<c>GET /emulator/stats</c>): requests, throttled, recordsWritten, maxConcurrent.</summary>
    public async Task<JsonObject> StatsAsync() =>
        (await Client.Http.GetFromJsonAsync<JsonObject>(new Uri(Connection.Url, "/emulator/stats")))!;

    public async ValueTask DisposeAsync()
    {
        Client.Http.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
