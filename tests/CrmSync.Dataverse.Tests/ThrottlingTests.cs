using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Dataverse.Tests;

public class ThrottlingTests
{
    [Fact]
    public async Task A429IsTransientWithTheServersRetryAfter()
    {
        await using var dataverse = await EmulatorFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Limits:RequestsPerWindow"] = "2",
            ["Emulator:Limits:WindowSeconds"] = "30",
        });
        var results = new List<WriteResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await dataverse.Client.UpsertAsync(DataverseTables.Account, Guid.NewGuid(), new JsonObject { ["name"] = $"n{i}" }));
        }

        Assert.Equal([WriteStatus.Written, WriteStatus.Written, WriteStatus.Transient], results.Select(r => r.Status));
        Assert.Contains("0x80072322", results[2].Error);
        Assert.True(results[2].RetryAfter > TimeSpan.Zero, "429 must carry Retry-After");
    }

    [Fact]
    public async Task AnOutageIsTransientAndNothingIsWritten()
    {
        await using var dataverse = await EmulatorFixture.StartAsync();
        var id = Guid.NewGuid();
        using (var outage = await dataverse.Client.Http.PostAsync(new Uri(dataverse.Connection.Url, "/emulator/outage?seconds=30"), null))
        {
            outage.EnsureSuccessStatusCode();
        }

        Assert.Equal(WriteStatus.Transient, (await dataverse.Client.UpsertAsync(DataverseTables.Account, id, new JsonObject { ["name"] = "x" })).Status);
        using (var end = await dataverse.Client.Http.DeleteAsync(new Uri(dataverse.Connection.Url, "/emulator/outage")))
        {
            end.EnsureSuccessStatusCode();
        }

        Assert.Null(await dataverse.Client.GetAsync(DataverseTables.Account, id));
        var stats = await dataverse.Client.Http.GetFromJsonAsync<JsonObject>(new Uri(dataverse.Connection.Url, "/emulator/stats"));
        Assert.Equal(0, stats!["recordsWritten"]!.GetValue<long>());
    }
}
