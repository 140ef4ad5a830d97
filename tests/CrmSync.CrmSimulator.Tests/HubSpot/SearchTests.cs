using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Tests.HubSpot;

/// <summary>HubSpot's search on the last-modified date and its archived list, as an incremental pull reads them.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private TestSimulator simulator = null!;

    public async Task InitializeAsync() => simulator = await TestSimulator.StartAsync(("Accounts", "30"), ("Contacts", "30"), ("HubSpotSearchLimit", "6"));

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task SearchFindsTheContactsModifiedSinceOldestFirstOnLastModifiedDateAndRefusesToPagePastItsLimit()
    {
        foreach (var (id, times) in new[] { ("C0000009", 2), ("C0000004", 1) })
        {
            for (var time = 0; time < times; time++)
            {
                using var changed = await simulator.PostAsync($"simulator/records/contact/{id}", """{"fields":{"lastName":"Changed"}}""");
                Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
            }
        }

        var since = SimRecord.Epoch.AddSeconds(0.5).ToUnixTimeMilliseconds();
        using var found = await SearchAsync("contacts", "lastmodifieddate", since, limit: 5);
        using var wrongProperty = await SearchAsync("contacts", "hs_lastmodifieddate", since, limit: 5);
        using var pastLimit = await SearchAsync("contacts", "lastmodifieddate", since, limit: 5, after: "2");

        var body = JsonNode.Parse(await found.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)body["total"]!);
        Assert.Equal([("4", "2026-01-01T00:00:01.000Z"), ("9", "2026-01-01T00:00:02.000Z")],
            body["results"]!.AsArray().Select(result => ((string)result!["id"]!, (string)result["properties"]!["lastmodifieddate"]!)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongProperty.StatusCode);
        Assert.Contains("limited to 6", await pastLimit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheArchivedListHoldsOnlyArchivedRecordsEachWithArchivedAt()
    {
        using var archived = await simulator.PostAsync("simulator/hubspot/changes", """{"target":"http://127.0.0.1:9/","clientSecret":"x","changes":[{"entity":"company","id":"8","delete":true}]}""");
        Assert.True(archived.IsSuccessStatusCode, await archived.Content.ReadAsStringAsync());

        var list = await simulator.GetJsonAsync("crm/v3/objects/companies?archived=true&limit=10");
        var live = await simulator.GetJsonAsync("crm/v3/objects/companies?limit=10");

        var record = Assert.Single(list["results"]!.AsArray())!;
        Assert.Equal(("8", true, "2026-01-01T00:00:01.000Z"), ((string)record["id"]!, (bool)record["archived"]!, (string)record["archivedAt"]!));
        Assert.DoesNotContain(live["results"]!.AsArray(), result => (string)result!["id"]! == "8");
    }

    private Task<HttpResponseMessage> SearchAsync(string type, string property, long since, int limit, string? after = null) =>
        simulator.PostAsync($"crm/v3/objects/{type}/search",
            $$"""{"filterGroups":[{"filters":[{"propertyName":"{{property}}","operator":"GTE","value":"{{since}}"}]}],"sorts":[{"propertyName":"{{property}}","direction":"ASCENDING"}],"properties":["lastname","lastmodifieddate"],"limit":{{limit}}{{(after is null ? "" : $",\"after\":\"{after}\"")}}}""");
}
