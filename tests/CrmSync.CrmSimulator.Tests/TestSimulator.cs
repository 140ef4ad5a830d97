using Microsoft.AspNetCore.Builder;

namespace CrmSync.CrmSimulator.Tests;

/// <summary>A simulator on a free loopback port and a client for it; settings are <c>Simulator:</c> keys without the prefix.</summary>
public sealed class TestSimulator : IAsyncDisposable
{
    private TestSimulator(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = app.GetSimulatorAddress() };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<TestSimulator> StartAsync(params (string Key, string Value)[] settings) =>
        new(await CrmSimulatorHost.StartAsync(settings: settings.ToDictionary(setting => $"Simulator:{setting.Key}", setting => (string?)setting.Value)));

    public Task<HttpResponseMessage> GetAsync(string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request);
    }

    public async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>POSTs JSON to a control endpoint, e.g. <c>PostAsync("simulator/faults", """{"status":429}""")</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, string json) =>
        Client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POSTs to a control endpoint that answers 204 when it took the request.</summary>
    public async Task ControlAsync(string path, string json = "{}")
    {
        using var response = await PostAsync($"simulator/{path}", json);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<JsonObject> StatsAsync() => (await GetJsonAsync("simulator/stats")).AsObject();

    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
