namespace CrmSync.CrmSimulator.Tests.Pipedrive;

/// <summary>API v2's updated_since and sort_by=update_time, as a poll reads Pipedrive.</summary>
public sealed class UpdatedSinceTests : IAsyncLifetime
{
    private TestSimulator simulator = null!;

    public async Task InitializeAsync() => simulator = await TestSimulator.StartAsync(("Accounts", "30"), ("Contacts", "30"));

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task UpdatedSinceSelectsTheRecordsUpdatedThenOrLaterOldestFirstAcrossCursorPages()
    {
        foreach (var (id, times) in new[] { ("A0000011", 2), ("A0000025", 1), ("A0000003", 1) })
        {
            for (var time = 0; time < times; time++)
            {
                using var changed = await simulator.PostAsync($"simulator/records/account/{id}", """{"fields":{"name":"Changed"}}""");
                Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
            }
        }

        const string query = "pipedrive/api/v2/organizations?updated_since=2026-01-01T00%3A00%3A01Z&sort_by=update_time&sort_direction=asc&limit=2";
        var first = await simulator.GetJsonAsync(query);
        var second = await simulator.GetJsonAsync($"{query}&cursor={Uri.EscapeDataString((string)first["additional_data"]!["next_cursor"]!)}");
        using var wrong = await simulator.GetAsync("pipedrive/api/v2/organizations?updated_since=yesterday");

        var organizations = first["data"]!.AsArray().Concat(second["data"]!.AsArray()).ToList();
        Assert.Equal([(3, "2026-01-01T00:00:01Z"), (25, "2026-01-01T00:00:01Z"), (11, "2026-01-01T00:00:02Z")],
            organizations.Select(organization => ((int)organization!["id"]!, (string)organization["update_time"]!)));
        Assert.Null(second["additional_data"]!["next_cursor"]);
        await TestSimulator.AssertProblemAsync(wrong, HttpStatusCode.BadRequest);
    }
}
