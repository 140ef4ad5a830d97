using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.CrmSimulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmSync.Connectors.Tests.Rest;

/// <summary>One CRM simulator per test class, in-process on a loopback port, with its control endpoints.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const int Accounts = 95;
    public const int Contacts = 130;

    private WebApplication? app;

    public Uri Address { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        app = await CrmSimulatorHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Simulator:Accounts"] = Accounts.ToString(),
            ["Simulator:Contacts"] = Contacts.ToString(),
        });
        Address = app.GetSimulatorAddress();
        Control = new HttpClient { BaseAddress = Address };
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public static int Count(string entity) => entity == Entities.Account ? Accounts : Contacts;

    public Task ResetAsync() => PostAsync("simulator/reset", new { });

    public async Task PostAsync(string path, object body)
    {
        using var response = await Control.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject> GetRecordAsync(string entity, string id) =>
        (await Control.GetFromJsonAsync<JsonObject>($"simulator/records/{entity}/{id}"))!;

    public async Task<JsonObject> StatsAsync() => (await Control.GetFromJsonAsync<JsonObject>("simulator/stats"))!;

    /// <summary>The newest version of every record changed so far, by id.</summary>
    public async Task<Dictionary<string, long>> ChangedVersionsAsync() =>
        (await Control.GetFromJsonAsync<JsonArray>("simulator/changes"))!
            .GroupBy(change => (string)change!["id"]!)
            .ToDictionary(group => group.Key, group => group.Max(change => (long)change!["version"]!));
}
