using Microsoft.AspNetCore.Builder;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>An emulator on a free loopback port with its own temporary database, and a client for its Web API.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    private readonly string directory;
    private readonly IReadOnlyDictionary<string, string?>? settings;

    private TestEmulator(string directory, IReadOnlyDictionary<string, string?>? settings)
    {
        this.directory = directory;
        this.settings = settings;
    }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DatabasePath => Path.Combine(directory, "dataverse.db");

    public static async Task<TestEmulator> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crmsync-emulator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var emulator = new TestEmulator(directory, settings);
        await emulator.StartAppAsync();
        return emulator;
    }

    /// <summary>Stops the emulator and starts a new one on the same database file.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchAsync(string url, string json, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Patch, url, json, headers);

    public Task<HttpResponseMessage> PostAsync(string url, string json, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, url, json, headers);

    public Task<HttpResponseMessage> DeleteAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Delete, url, null, headers);

    public async Task<JsonObject> GetJsonAsync(string url, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<JsonArray> GetRowsAsync(string url) => (JsonArray)(await GetJsonAsync(url))["value"]!;

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Calls an endpoint under <c>/emulator/</c>, e.g. <c>AdminAsync(HttpMethod.Post, "outage?seconds=5")</c>.</summary>
    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(App.GetBaseAddress(), $"emulator/{path}"));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    /// <summary><c>GET /emulator/stats</c>: requests, recordsWritten, throttled, maxConcurrent.</summary>
    public async Task<JsonObject> GetStatsAsync()
    {
        using var response = await AdminAsync(HttpMethod.Get, "stats");
        return await ReadJsonAsync(response);
    }

    /// <summary>Asserts a Dataverse error envelope with this status and code; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; odata.metadata=minimal", response.Content.Headers.ContentType?.ToString());
        var error = (await ReadJsonAsync(response))["error"]!;
        Assert.Equal(code, (string?)error["code"]);
        return (string)error["message"]!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test over it would not be.
        }
    }

    private async Task StartAppAsync()
    {
        App = await EmulatorHost.StartAsync(DatabasePath, settings: settings);
        Client = new HttpClient { BaseAddress = App.GetWebApiAddress() };
    }

    private async Task StopAppAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
