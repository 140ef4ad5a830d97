using System.Net.Http.Json;

namespace CrmSync.EndToEnd.Tests;

/// <summary>Record grains idle for two seconds are deactivated, so a test can watch it happen.</summary>
public sealed class QuicklyIdleFixture : CrmSyncSystemFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CrmSync__Records__IdleAfter"] = "00:00:02",
    };
}

public sealed class SiloDiagnosticsTests(QuicklyIdleFixture fixture, ITestOutputHelper output) : IClassFixture<QuicklyIdleFixture>
{
    [Fact]
    public async Task DiagnosticsCountTheActiveRecordGrainsUntilIdleAfterDeactivatesThem()
    {
        var system = fixture.System;
        system.ShowOutputIn(output);
        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{system.Options.SiloHttpPort}") };
        var ids = Enumerable.Range(0, 20).Select(_ => RecordIds.New("idle")).ToList();

        var response = await system.Webhooks.SendAsync([.. ids.Select(id => GenericChange.Account(id, 1, new { name = id }))]);
        var active = await ReadAsync(silo, "diagnostics/collect");

        Assert.True(response.IsSuccess, response.ToString());
        Assert.True(active.GetProperty("recordGrainActivations").GetInt32() >= ids.Count, active.ToString());
        Assert.Equal(2, active.GetProperty("recordIdleAfterSeconds").GetDouble());
        Assert.True(active.GetProperty("gcHeapBytes").GetInt64() > 0, active.ToString());
        await Eventually.MatchesAsync(
            async () => (await ReadAsync(silo, "diagnostics")).GetProperty("recordGrainActivations").GetInt32(),
            count => count == 0,
            "every record grain deactivated",
            TimeSpan.FromSeconds(20));
    }

    private static async Task<System.Text.Json.JsonElement> ReadAsync(HttpClient silo, string path)
    {
        using var response = path.EndsWith("collect") ? await silo.PostAsync(path, null) : await silo.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }
}
